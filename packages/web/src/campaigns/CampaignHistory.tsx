import { can } from "@kizuna/core/permissions";
import { Alert, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { useAuthenticatedSession } from "../api/session.ts";
import { useCampaigns, useCancelCampaign } from "./api.ts";
import { CampaignItem } from "./CampaignItem.tsx";

export function CampaignHistory({ channelId, limit = 20 }: { channelId: string; limit?: number }) {
  const { t } = useTranslation("campaigns");
  const campaigns = useCampaigns(channelId);
  const cancel = useCancelCampaign(channelId);
  const mayCancel = can(useAuthenticatedSession().user.role, "campaigns:send");
  return (
    <Stack gap="sm">
      <Title order={4} fz="md">
        {t("historyTitle")}
      </Title>
      {campaigns.data ? (
        campaigns.data.length === 0 ? (
          <Text fz="sm" c="dimmed" data-testid="broadcasts-empty">
            {t("historyEmpty")}
          </Text>
        ) : (
          <Stack gap="sm" data-testid="broadcast-list">
            {campaigns.data.slice(0, limit).map((campaign) => (
              <CampaignItem
                key={campaign.id}
                campaign={campaign}
                onCancel={mayCancel ? () => cancel.mutate(campaign.id) : undefined}
                cancelling={cancel.isPending && cancel.variables === campaign.id}
              />
            ))}
          </Stack>
        )
      ) : campaigns.isError ? (
        <Alert color="red" variant="light" title={t("loadFailed")}>
          {t(errorMessageKey(campaigns.error))}
        </Alert>
      ) : (
        <Skeleton h={72} radius="md" />
      )}
    </Stack>
  );
}
