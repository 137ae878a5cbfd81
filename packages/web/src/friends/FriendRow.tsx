import { Anchor, Avatar, Badge, Checkbox, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Tag } from "../api/friendData.ts";
import type { Friend } from "../api/types.ts";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { FriendStatusBadge } from "./FriendStatusBadge.tsx";
import { TagBadge } from "./TagBadge.tsx";

const SHOWN_TAGS = 3;

export function FriendRow({
  friend,
  tags,
  selected,
  onToggle,
}: {
  friend: Friend;
  tags: ReadonlyMap<string, Tag>;
  selected?: boolean | undefined;
  onToggle?: (() => void) | undefined;
}) {
  const { t } = useTranslation("friends");
  const language = useLanguage();
  const toPage = useChannelLink();
  // In the channel's order of tags (by name), whatever order the friend got them in.
  const friendTags = [...tags.values()].filter((tag) => friend.tagIds.includes(tag.id));
  const name = friend.displayName ?? t("noName");
  return (
    <Table.Tr
      data-testid="friend-row"
      data-user-id={friend.lineUserId}
      bg={selected ? "var(--mantine-color-line-light)" : undefined}
    >
      {onToggle && (
        <Table.Td>
          <Checkbox
            aria-label={t("selection.selectRow", { name })}
            checked={selected ?? false}
            onChange={onToggle}
            data-testid="select-friend"
          />
        </Table.Td>
      )}
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={friend.pictureUrl} alt="" size={36} radius="xl" color="line">
            {friend.displayName?.slice(0, 1)}
          </Avatar>
          <Anchor
            component={Link}
            to={toPage(`/friends/${friend.id}`)}
            fz="sm"
            fw={500}
            c={friend.displayName ? undefined : "dimmed"}
            lineClamp={1}
            data-testid="friend-link"
          >
            {name}
          </Anchor>
        </Group>
      </Table.Td>
      <Table.Td>
        <FriendStatusBadge status={friend.status} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="wrap" maw={260}>
          {friendTags.slice(0, SHOWN_TAGS).map((tag) => (
            <TagBadge key={tag.id} tag={tag} />
          ))}
          {friendTags.length > SHOWN_TAGS && (
            <Badge variant="transparent" color="gray" size="sm">
              +{friendTags.length - SHOWN_TAGS}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {friend.memberId ? (
          <Badge variant="light" color="blue" size="sm">
            {t("linked")}
          </Badge>
        ) : (
          <Text fz="xs" c="dimmed">
            {t("notLinked")}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text fz="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDateTime(friend.followedAt, language)}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="md">
        <Text fz="sm" c={friend.blockedAt ? undefined : "dimmed"} style={{ whiteSpace: "nowrap" }}>
          {friend.blockedAt ? formatDateTime(friend.blockedAt, language) : "—"}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
