import { can } from "@kizuna/core/permissions";
import { Card, Divider, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession } from "../api/session.ts";
import { SendIcon } from "../app/icons.tsx";
import { CampaignComposer } from "./CampaignComposer.tsx";
import { CampaignHistory } from "./CampaignHistory.tsx";

/** Compose a campaign and follow the latest ones: on the campaigns page and the dashboard. */
export function CampaignPanel({
  channelId,
  recipients,
  historyLimit,
}: {
  channelId: string;
  recipients: number;
  historyLimit?: number;
}) {
  const { t } = useTranslation("campaigns");
  const maySend = can(useAuthenticatedSession().user.role, "campaigns:send");
  return (
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
        {maySend && <CampaignComposer channelId={channelId} recipients={recipients} />}
        <Divider />
        <CampaignHistory channelId={channelId} {...(historyLimit ? { limit: historyLimit } : {})} />
      </Stack>
    </Card>
  );
}
