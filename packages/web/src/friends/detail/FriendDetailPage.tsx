import { Alert, Anchor, Center, Grid, Group, Loader, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import { useFriendDetail } from "../../api/friendData.ts";
import { ArrowLeftIcon } from "../../app/icons.tsx";
import { useChannelLink } from "../../channels/channelParam.ts";
import { useCurrentChannel } from "../../channels/useCurrentChannel.ts";
import { FriendLinkCard } from "../../linking/FriendLinkCard.tsx";
import { FollowHistoryCard } from "./FollowHistoryCard.tsx";
import { FriendFieldsCard } from "./FriendFieldsCard.tsx";
import { FriendNotesCard } from "./FriendNotesCard.tsx";
import { FriendProfileCard } from "./FriendProfileCard.tsx";
import { FriendTagsCard } from "./FriendTagsCard.tsx";
import { FriendTimelineCard } from "./FriendTimelineCard.tsx";
import { MemberCard } from "./MemberCard.tsx";

/** One friend: profile and member on the left, what Kizuna knows and what happened on the right. */
export function FriendDetailPage() {
  const { t } = useTranslation("friendDetail");
  const channel = useCurrentChannel();
  const toPage = useChannelLink();
  const friendId = useParams().friendId ?? "";
  const friend = useFriendDetail(channel.id, friendId);

  const back = (
    <Anchor component={Link} to={toPage("/friends")} fz="sm" data-testid="friend-back">
      <Group gap={4}>
        <ArrowLeftIcon size={16} />
        {t("back")}
      </Group>
    </Anchor>
  );
  if (!friend.data) {
    return (
      <Stack gap="md">
        {back}
        {friend.isError ? (
          <Alert color="red" variant="light" title={t("loadFailed")}>
            {friend.error instanceof ApiError && friend.error.status === 404
              ? t("notFound")
              : t(errorMessageKey(friend.error))}
          </Alert>
        ) : (
          <Center py="xl">
            <Loader />
          </Center>
        )}
      </Stack>
    );
  }
  const detail = friend.data;
  return (
    <Stack gap="md" data-testid="friend-detail">
      {back}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <FriendProfileCard friend={detail} />
            <MemberCard member={detail.member} />
            <FriendLinkCard channelId={channel.id} friendId={detail.id} />
            <FollowHistoryCard history={detail.followHistory} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <FriendTagsCard channelId={channel.id} friend={detail} />
            <FriendFieldsCard channelId={channel.id} friend={detail} />
            <FriendNotesCard channelId={channel.id} friend={detail} />
            <FriendTimelineCard channelId={channel.id} friendId={detail.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
