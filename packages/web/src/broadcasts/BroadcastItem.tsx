import { Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Broadcast } from "../api/types.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { BroadcastProgress } from "./BroadcastProgress.tsx";
import { BroadcastStatusBadge } from "./BroadcastStatusBadge.tsx";
import { processedCount, progressPercent } from "./progress.ts";

export function BroadcastItem({ broadcast }: { broadcast: Broadcast }) {
  const { t } = useTranslation("broadcasts");
  const language = useLanguage();
  const count = (value: number) => formatCount(value, language);
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="broadcast-item"
      data-status={broadcast.status}
      data-broadcast-id={broadcast.id}
      data-progress={Math.round(progressPercent(broadcast))}
    >
      <Stack gap={8}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <BroadcastStatusBadge status={broadcast.status} />
          <Text fz="xs" c="dimmed" title={t("createdAt")}>
            {formatDateTime(broadcast.createdAt, language)}
          </Text>
        </Group>
        <Text fz="sm" lineClamp={2} style={{ whiteSpace: "pre-line" }}>
          {broadcast.text}
        </Text>
        <BroadcastProgress broadcast={broadcast} />
        <Group justify="space-between" gap="xs">
          <Text fz="xs" c="dimmed">
            {t("counts", {
              sent: count(broadcast.sent),
              failed: count(broadcast.failed),
              skipped: count(broadcast.skipped),
            })}
          </Text>
          <Text fz="xs" fw={600}>
            {t("progress", {
              processed: processedCount(broadcast),
              recipients: broadcast.recipients,
            })}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
