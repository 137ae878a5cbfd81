import { can } from "@kizuna/core/permissions";
import { Card, Grid, Stack } from "@mantine/core";
import { useAuthenticatedSession } from "../api/session.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { CampaignComposer } from "./CampaignComposer.tsx";
import { CampaignHeading } from "./CampaignHeading.tsx";
import { CampaignHistory } from "./CampaignHistory.tsx";
import { DeliverySettingsCard } from "./DeliverySettingsCard.tsx";

/** 配信: a new campaign across the page (composer and LINE preview), then history and settings. */
export function CampaignsPage() {
  const channel = useCurrentChannel();
  const maySend = can(useAuthenticatedSession().user.role, "campaigns:send");
  return (
    <Stack gap="lg">
      {maySend && (
        <Card>
          <Stack gap="md">
            <CampaignHeading />
            <CampaignComposer recipients={channel.validFriends} />
          </Stack>
        </Card>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <CampaignHistory channelId={channel.id} limit={50} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <DeliverySettingsCard channelId={channel.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
