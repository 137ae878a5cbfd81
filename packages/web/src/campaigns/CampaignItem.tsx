import { Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { CampaignError } from "./CampaignError.tsx";
import { CampaignOpensInline } from "./CampaignOpens.tsx";
import { CampaignProgress } from "./CampaignProgress.tsx";
import { CampaignStatusBadge } from "./CampaignStatusBadge.tsx";
import { processedCount, progressPercent, skippedCount } from "./progress.ts";
import type { Campaign } from "./types.ts";

export function CampaignItem({
  campaign,
  onCancel,
  cancelling,
}: {
  campaign: Campaign;
  /** Offered for campaigns that have not started, to staff who may send. */
  onCancel?: (() => void) | undefined;
  cancelling?: boolean;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const toPage = useChannelLink();
  const count = (value: number) => formatCount(value, language);
  const waiting = campaign.status === "scheduled" || campaign.status === "queued";
  return (
    // The test ids keep the walking skeleton's browser test meaningful.
    <Paper
      withBorder
      p="sm"
      data-testid="broadcast-item"
      data-status={campaign.status}
      data-campaign-id={campaign.id}
      data-progress={Math.round(progressPercent(campaign))}
    >
      <Stack gap={8}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <CampaignStatusBadge status={campaign.status} />
            {campaign.variants && campaign.variants.length > 0 && (
              <Badge variant="outline" size="sm" data-testid="campaign-ab-badge">
                {t("ab.toggle")}
              </Badge>
            )}
            {campaign.name && (
              <Text fz="sm" fw={600} lineClamp={1}>
                {campaign.name}
              </Text>
            )}
          </Group>
          <Text fz="xs" c="dimmed" title={t("createdAt")}>
            {formatDateTime(campaign.createdAt, language)}
          </Text>
        </Group>
        <Text fz="sm" lineClamp={2} style={{ whiteSpace: "pre-line" }}>
          {campaign.text}
        </Text>
        {campaign.status === "scheduled" && (
          <Text fz="xs" c="violet" data-testid="campaign-scheduled-for">
            {t("scheduledFor", { at: formatDateTime(campaign.scheduledAt, language) })}
          </Text>
        )}
        {campaign.heldUntil && (
          <Text fz="xs" c="orange" data-testid="campaign-held">
            {t("heldUntil", { at: formatDateTime(campaign.heldUntil, language) })}
          </Text>
        )}
        {campaign.error && <CampaignError error={campaign.error} />}
        {!waiting && <CampaignProgress campaign={campaign} />}
        <Group justify="space-between" gap="xs">
          <Group gap="sm">
            <Text fz="xs" c="dimmed">
              {t("counts", {
                accepted: count(campaign.accepted),
                failed: count(campaign.failed),
                skipped: count(skippedCount(campaign)),
              })}
            </Text>
            {campaign.finishedAt !== null && (
              <Group gap="sm" data-testid="campaign-item-results">
                <Text fz="xs" data-testid="campaign-item-clicks">
                  {t("list.clickers", { count: count(campaign.uniqueClickers ?? 0) })}
                </Text>
                <CampaignOpensInline opens={campaign.opens} />
              </Group>
            )}
          </Group>
          <Group gap="sm">
            {!waiting && (
              <Text fz="xs" fw={600}>
                {t("progress", {
                  processed: processedCount(campaign),
                  recipients: campaign.recipients,
                })}
              </Text>
            )}
            {waiting && onCancel && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={onCancel}
                loading={cancelling}
                data-testid="campaign-cancel"
              >
                {t("cancelScheduled")}
              </Button>
            )}
            <Anchor
              component={Link}
              to={toPage(`/campaigns/${campaign.id}`)}
              fz="xs"
              data-testid="campaign-details"
            >
              {t("details")}
            </Anchor>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
