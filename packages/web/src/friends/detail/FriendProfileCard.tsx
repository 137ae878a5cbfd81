import { Avatar, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { FriendDetail } from "../../api/friendData.ts";
import { formatDateTime } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { FriendStatusBadge } from "../FriendStatusBadge.tsx";
import { Fact, factList, Section } from "./Section.tsx";

export function FriendProfileCard({ friend }: { friend: FriendDetail }) {
  const { t } = useTranslation("friendDetail");
  const { t: tf } = useTranslation("friends");
  const language = useLanguage();
  return (
    <Section title={t("profile.title")} testId="friend-profile">
      <Group gap="md" mb="md" wrap="nowrap">
        <Avatar src={friend.pictureUrl} alt="" size={64} radius="xl" color="line">
          {friend.displayName?.slice(0, 1)}
        </Avatar>
        <Stack gap={4}>
          <Title order={3} fz="h3" data-testid="friend-name">
            {friend.displayName ?? tf("noName")}
          </Title>
          <FriendStatusBadge status={friend.status} />
        </Stack>
      </Group>
      <dl style={factList}>
        <Fact label={t("profile.lineUserId")}>
          <Text ff="monospace" fz="xs" component="span">
            {friend.lineUserId}
          </Text>
        </Fact>
        {friend.statusMessage && (
          <Fact label={t("profile.statusMessage")}>{friend.statusMessage}</Fact>
        )}
        {friend.language && <Fact label={t("profile.language")}>{friend.language}</Fact>}
        <Fact label={t("profile.followedAt")}>{formatDateTime(friend.followedAt, language)}</Fact>
        {friend.blockedAt && (
          <Fact label={t("profile.blockedAt")}>{formatDateTime(friend.blockedAt, language)}</Fact>
        )}
        <Fact label={t("profile.route")}>{friend.inflowRoute?.name ?? t("profile.noRoute")}</Fact>
      </dl>
    </Section>
  );
}
