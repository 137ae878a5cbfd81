import { can } from "@kizuna/core/permissions";
import { Button, Card, Divider, Group, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuthenticatedSession } from "../api/session.ts";
import { PlusIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { CampaignHeading } from "./CampaignHeading.tsx";
import { CampaignHistory } from "./CampaignHistory.tsx";

/**
 * The latest campaigns, on the dashboard, and the way to the campaigns page where a new one is
 * composed (the composer, with its editors and LINE preview, stays off the landing page).
 */
export function CampaignPanel({
  channelId,
  historyLimit,
}: {
  channelId: string;
  historyLimit?: number;
}) {
  const { t } = useTranslation("campaigns");
  const toPage = useChannelLink();
  const maySend = can(useAuthenticatedSession().user.role, "campaigns:send");
  return (
    <Card>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <CampaignHeading />
          {maySend && (
            <Button
              component={Link}
              to={toPage("/campaigns")}
              leftSection={<PlusIcon size={16} />}
              data-testid="campaign-new"
            >
              {t("new")}
            </Button>
          )}
        </Group>
        <Divider />
        <CampaignHistory channelId={channelId} {...(historyLimit ? { limit: historyLimit } : {})} />
      </Stack>
    </Card>
  );
}
