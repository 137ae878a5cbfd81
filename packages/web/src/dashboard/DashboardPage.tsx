import { Grid, Stack } from "@mantine/core";
import { CampaignPanel } from "../campaigns/CampaignPanel.tsx";
import { ChannelSummaryCard } from "../channels/ChannelSummaryCard.tsx";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { LinkRateCard } from "../linking/LinkRateCard.tsx";

/** The channel at a glance, and the quickest way to message every friend. */
export function DashboardPage() {
  const channel = useCurrentChannel();
  return (
    <Stack gap="lg">
      <ChannelSummaryCard channel={channel} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <CampaignPanel channelId={channel.id} historyLimit={5} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <LinkRateCard channelId={channel.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
