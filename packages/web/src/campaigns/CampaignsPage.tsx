import { Grid } from "@mantine/core";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { CampaignPanel } from "./CampaignPanel.tsx";
import { DeliverySettingsCard } from "./DeliverySettingsCard.tsx";

export function CampaignsPage() {
  const channel = useCurrentChannel();
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <CampaignPanel channelId={channel.id} recipients={channel.validFriends} historyLimit={50} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <DeliverySettingsCard channelId={channel.id} />
      </Grid.Col>
    </Grid>
  );
}
