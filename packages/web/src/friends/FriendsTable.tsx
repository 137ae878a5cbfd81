import { Center, Checkbox, Loader, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Tag } from "../api/friendData.ts";
import type { Friend } from "../api/types.ts";
import { FriendRow } from "./FriendRow.tsx";
import { FriendsEmpty } from "./FriendsEmpty.tsx";

export interface TableSelection {
  isSelected: (friendId: string) => boolean;
  page: "none" | "some" | "all";
  onToggle: (friendId: string) => void;
  onTogglePage: () => void;
}

export function FriendsTable({
  friends,
  loading,
  filtered,
  onClearFilters,
  tags,
  selection,
}: {
  /** undefined while the first page loads */
  friends: readonly Friend[] | undefined;
  /** a newer page is on its way; the rows shown are the previous ones */
  loading: boolean;
  filtered: boolean;
  onClearFilters: () => void;
  tags: ReadonlyMap<string, Tag>;
  /** absent for staff who may not edit in bulk */
  selection?: TableSelection | undefined;
}) {
  const { t } = useTranslation("friends");
  const columnCount = selection ? 7 : 6;
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table
        data-testid="friends-table"
        verticalSpacing="sm"
        horizontalSpacing="md"
        highlightOnHover={friends !== undefined && friends.length > 0}
        style={{ opacity: loading ? 0.6 : 1, transition: "opacity 150ms" }}
      >
        <Table.Thead bg="gray.0">
          <Table.Tr>
            {selection && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t("selection.selectPage")}
                  checked={selection.page === "all"}
                  indeterminate={selection.page === "some"}
                  onChange={selection.onTogglePage}
                  disabled={!friends?.length}
                  data-testid="select-page"
                />
              </Table.Th>
            )}
            <Table.Th>{t("columns.friend")}</Table.Th>
            <Table.Th>{t("columns.status")}</Table.Th>
            <Table.Th>{t("columns.tags")}</Table.Th>
            <Table.Th visibleFrom="sm">{t("columns.link")}</Table.Th>
            <Table.Th>{t("columns.followedAt")}</Table.Th>
            <Table.Th visibleFrom="md">{t("columns.blockedAt")}</Table.Th>
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
            friends.map((friend) => (
              <FriendRow
                key={friend.id}
                friend={friend}
                tags={tags}
                selected={selection?.isSelected(friend.id)}
                onToggle={selection ? () => selection.onToggle(friend.id) : undefined}
              />
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
