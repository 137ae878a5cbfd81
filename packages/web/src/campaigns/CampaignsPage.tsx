import { can } from "@kizuna/core/permissions";
import { Card, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession } from "../api/session.ts";
import { SendIcon } from "../app/icons.tsx";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { CampaignComposer } from "./CampaignComposer.tsx";
import { CampaignHistory } from "./CampaignHistory.tsx";
import { DeliverySettingsCard } from "./DeliverySettingsCard.tsx";

/** 配信: a new campaign across the page (composer and LINE preview), then history and settings. */
export function CampaignsPage() {
  const { t } = useTranslation("campaigns");
  const channel = useCurrentChannel();
  const maySend = can(useAuthenticatedSession().user.role, "campaigns:send");
  return (
    <Stack gap="lg">
      {maySend && (
        <Card>
          <Stack gap="md">
            <Stack gap={4}>
              <Group gap="xs">
                <SendIcon />
                <Title order={3} fz="h4">
                  {t("title")}
                </Title>
              </Group>
              <Text fz="sm" c="dimmed">
                {t("description")}
              </Text>
            </Stack>
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
