import { Avatar, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Friend } from "../api/types.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { FriendStatusBadge } from "./FriendStatusBadge.tsx";

export function FriendRow({ friend }: { friend: Friend }) {
  const { t } = useTranslation("friends");
  const language = useLanguage();
  return (
    <Table.Tr data-testid="friend-row" data-user-id={friend.lineUserId}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={friend.pictureUrl} alt="" size={36} radius="xl" color="line">
            {friend.displayName?.slice(0, 1)}
          </Avatar>
          {friend.displayName ? (
            <Text fz="sm" fw={500} lineClamp={1}>
              {friend.displayName}
            </Text>
          ) : (
            <Text fz="sm" c="dimmed">
              {t("noName")}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <FriendStatusBadge status={friend.status} />
      </Table.Td>
      <Table.Td>
        <Text fz="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDateTime(friend.followedAt, language)}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text fz="sm" c={friend.blockedAt ? undefined : "dimmed"} style={{ whiteSpace: "nowrap" }}>
          {friend.blockedAt ? formatDateTime(friend.blockedAt, language) : "—"}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
