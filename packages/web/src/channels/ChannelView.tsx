import { Grid, Stack } from "@mantine/core";
import { useChannelStream } from "../api/stream.ts";
import type { Channel } from "../api/types.ts";
import { BroadcastPanel } from "../broadcasts/BroadcastPanel.tsx";
import { FriendsPanel } from "../friends/FriendsPanel.tsx";
import { ChannelSummaryCard } from "./ChannelSummaryCard.tsx";

/** One channel: its summary, its friends and its broadcasts, kept live by the event stream. */
export function ChannelView({ channel }: { channel: Channel }) {
  useChannelStream(channel.id);
  return (
    <Stack gap="lg">
      <ChannelSummaryCard channel={channel} />
      <Grid gap="lg" align="flex-start">
        {/* On a phone the composer comes first, not after fifty rows of friends. */}
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: 2, lg: 1 }}>
          <FriendsPanel channelId={channel.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: 1, lg: 2 }}>
          <BroadcastPanel channelId={channel.id} recipients={channel.validFriends} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
