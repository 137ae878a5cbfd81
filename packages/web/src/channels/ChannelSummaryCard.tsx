import { Anchor, Avatar, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Channel } from "../api/types.ts";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";

export function ChannelSummaryCard({ channel }: { channel: Channel }) {
  const { t } = useTranslation("channels");
  const language = useLanguage();
  // LINE's URL scheme for an account's add-friend screen, named by its basic ID.
  const addFriendUrl = channel.basicId
    ? `https://line.me/R/ti/p/${encodeURIComponent(channel.basicId)}`
    : null;
  return (
    <Card data-testid="channel-summary">
      <Group justify="space-between" align="center" gap="lg">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Avatar src={channel.pictureUrl} alt="" size={56} radius="xl" color="line">
            {channel.name.slice(0, 1)}
          </Avatar>
          <Stack gap={2} miw={0}>
            <Title order={2} fz="h3" lineClamp={1}>
              {channel.name}
            </Title>
            <Text fz="xs" c="dimmed">
              {t("summary.channelId")}: {channel.lineChannelId}
            </Text>
            {addFriendUrl && (
              <Text fz="xs" c="dimmed">
                {t("summary.addFriendUrl")}:{" "}
                <Anchor
                  href={addFriendUrl}
                  target="_blank"
                  rel="noreferrer"
                  fz="xs"
                  data-testid="add-friend-url"
                >
                  {addFriendUrl}
                </Anchor>
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap="xl" align="flex-end">
          <Stack gap={0}>
            <Text fz="sm" c="dimmed">
              {t("summary.validFriends")}
            </Text>
            <Group gap={4} align="baseline">
              <Text
                fz={40}
                fw={700}
                lh={1.1}
                c="line.7"
                data-testid="valid-friends-count"
                data-value={channel.validFriends}
              >
                {formatCount(channel.validFriends, language)}
              </Text>
              <Text fz="sm" c="dimmed">
                {t("summary.people")}
              </Text>
            </Group>
          </Stack>
          <Stack gap={0}>
            <Text fz="sm" c="dimmed">
              {t("summary.blockedFriends")}
            </Text>
            <Group gap={4} align="baseline">
              <Text fz={24} fw={600} lh={1.1} c="gray.7" data-testid="blocked-friends-count">
                {formatCount(channel.blockedFriends, language)}
              </Text>
              <Text fz="sm" c="dimmed">
                {t("summary.people")}
              </Text>
            </Group>
          </Stack>
        </Group>
      </Group>
    </Card>
  );
}
