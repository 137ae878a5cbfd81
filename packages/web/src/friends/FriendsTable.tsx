import { Center, Loader, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Friend } from "../api/types.ts";
import { FriendRow } from "./FriendRow.tsx";
import { FriendsEmpty } from "./FriendsEmpty.tsx";

const columnCount = 4;

export function FriendsTable({
  friends,
  loading,
  filtered,
  onClearFilters,
}: {
  /** undefined while the first page loads */
  friends: readonly Friend[] | undefined;
  /** a newer page is on its way; the rows shown are the previous ones */
  loading: boolean;
  filtered: boolean;
  onClearFilters: () => void;
}) {
  const { t } = useTranslation("friends");
  return (
    <Table.ScrollContainer minWidth={440} type="native">
      <Table
        data-testid="friends-table"
        verticalSpacing="sm"
        horizontalSpacing="lg"
        highlightOnHover={friends !== undefined && friends.length > 0}
        style={{ opacity: loading ? 0.6 : 1, transition: "opacity 150ms" }}
      >
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t("columns.friend")}</Table.Th>
            <Table.Th>{t("columns.status")}</Table.Th>
            <Table.Th>{t("columns.followedAt")}</Table.Th>
            <Table.Th visibleFrom="sm">{t("columns.blockedAt")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {friends === undefined ? (
            <Table.Tr>
              <Table.Td colSpan={columnCount}>
                <Center py="xl">
                  <Loader size="sm" />
                </Center>
              </Table.Td>
            </Table.Tr>
          ) : friends.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columnCount}>
                <FriendsEmpty filtered={filtered} onClearFilters={onClearFilters} />
              </Table.Td>
            </Table.Tr>
          ) : (
            friends.map((friend) => <FriendRow key={friend.id} friend={friend} />)
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
