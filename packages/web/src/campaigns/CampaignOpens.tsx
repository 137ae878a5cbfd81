import { Group, Paper, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatCount, formatDateTime, localeOf } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { formatRate } from "../linking/rate.ts";
import { opensView } from "./opens.ts";
import type { CampaignOpens as Opens } from "./types.ts";

/**
 * A campaign's opens as LINE counted them: how many friends displayed it, the open rate against
 * the recipients LINE accepted, and when LINE's figures were read.
 */
export function CampaignOpens({ opens }: { opens: Opens | null | undefined }) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const view = opensView(opens);
  if (view.kind === "none") return null;
  return (
    <Paper withBorder p="sm" data-testid="campaign-opens" data-state={view.kind}>
      <Text fz="xs" c="dimmed">
        {t("result.opens.label")}
      </Text>
      {view.kind === "reported" ? (
        <Group gap="md" align="baseline">
          <Group gap={4} align="baseline">
            <Text fz={28} fw={700} c="teal.7" data-value={view.opens}>
              {formatCount(view.opens, language)}
            </Text>
            <Text fz="sm" c="dimmed">
              {t("result.people")}
            </Text>
          </Group>
          {view.rate !== null && (
            <Text fz="sm" fw={600} data-testid="campaign-open-rate">
              {t("result.opens.rate", { rate: formatRate(view.rate, localeOf(language)) })}
            </Text>
          )}
          {view.unreported > 0 && (
            <Text fz="xs" c="dimmed">
              {t("result.opens.partial", { count: view.unreported })}
            </Text>
          )}
        </Group>
      ) : (
        <Text fz="sm" fw={600} py={6}>
          {view.kind === "not_read" ? t("result.opens.notRead") : t("result.opens.unreported")}
        </Text>
      )}
      <Text fz="xs" c="dimmed">
        {view.kind === "not_read"
          ? t("result.opens.hint")
          : t("result.opens.readAt", { at: formatDateTime(view.readAt, language) })}
      </Text>
    </Paper>
  );
}

/** A variant's opens and open rate, as two cells of the A/B table. */
export function VariantOpensCells({ opens }: { opens: Opens | null | undefined }) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const view = opensView(opens);
  const [count, rate] =
    view.kind === "reported"
      ? [
          formatCount(view.opens, language),
          view.rate === null ? "—" : formatRate(view.rate, localeOf(language)),
        ]
      : view.kind === "unreported"
        ? [t("result.opens.unreportedShort"), "—"]
        : view.kind === "not_read"
          ? [t("result.opens.notReadShort"), "—"]
          : ["—", "—"];
  return (
    <>
      <Table.Td
        ta="right"
        style={{ whiteSpace: "nowrap" }}
        data-column="opens"
        data-state={view.kind}
        title={view.kind === "unreported" ? t("result.opens.unreported") : undefined}
      >
        {count}
      </Table.Td>
      <Table.Td ta="right" data-column="openRate">
        {rate}
      </Table.Td>
    </>
  );
}
