import { Alert, Group, Paper, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatCount, formatDateTime, localeOf } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { formatRate } from "../linking/rate.ts";
import { opensView } from "./opens.ts";
import type { CampaignVariant, OpenRateComparison, CampaignOpens as Opens } from "./types.ts";
import { abVerdict, variantLabel } from "./variants.ts";

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
          {view.uncounted > 0 && (
            <Text fz="xs" c="dimmed">
              {t("result.opens.partialUncounted", { count: view.uncounted })}
            </Text>
          )}
        </Group>
      ) : (
        <Text fz="sm" fw={600} py={6}>
          {view.kind === "not_read"
            ? t("result.opens.notRead")
            : view.kind === "uncounted"
              ? t("result.opens.uncounted")
              : t("result.opens.unreported")}
        </Text>
      )}
      <Text fz="xs" c="dimmed">
        {view.kind === "not_read"
          ? t("result.opens.hint")
          : view.kind === "uncounted"
            ? t("result.opens.uncountedHint")
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
          : view.kind === "uncounted"
            ? [t("result.opens.uncountedShort"), "—"]
            : ["—", "—"];
  return (
    <>
      <Table.Td
        ta="right"
        style={{ whiteSpace: "nowrap" }}
        data-column="opens"
        data-state={view.kind}
        title={
          view.kind === "unreported"
            ? t("result.opens.unreported")
            : view.kind === "uncounted"
              ? t("result.opens.uncounted")
              : undefined
        }
      >
        {count}
      </Table.Td>
      <Table.Td ta="right" data-column="openRate">
        {rate}
      </Table.Td>
    </>
  );
}

/**
 * The A/B verdict on open rates, beside the one on clicks: which variant more friends opened,
 * or that they do not differ yet, or why LINE's counts cannot be compared.
 */
export function OpenRateVerdict({
  comparison,
  variants,
}: {
  comparison: OpenRateComparison;
  variants: readonly CampaignVariant[];
}) {
  const { t } = useTranslation("campaigns");
  const verdict = comparison.kind === "tested" ? abVerdict(comparison.result, variants) : null;
  const [headline, why] = ((): [string, string | null] => {
    switch (comparison.kind) {
      case "not_read":
        return [t("result.openVerdict.notRead"), null];
      case "uncounted":
        return [
          t("result.openVerdict.incomparable"),
          t("result.openVerdict.uncounted", {
            labels: comparison.variants.map(variantLabel).join(t("audience.separator")),
            count: comparison.variants.length,
          }),
        ];
      case "unreported":
        return [
          t("result.openVerdict.incomparable"),
          t("result.openVerdict.unreported", {
            labels: comparison.variants.map(variantLabel).join(t("audience.separator")),
            count: comparison.variants.length,
          }),
        ];
      case "tested":
        if (verdict?.kind === "winner")
          return [t("result.openVerdict.winner", { label: verdict.label, p: verdict.p }), null];
        return verdict?.p
          ? [t("result.openVerdict.notSignificantP", { p: verdict.p }), null]
          : [t("result.openVerdict.notSignificant"), t("result.openVerdict.untestable")];
      default: {
        const never: never = comparison;
        return never;
      }
    }
  })();
  return (
    <Alert
      variant="light"
      color={verdict?.kind === "winner" ? "teal" : "gray"}
      data-testid="ab-open-verdict"
      data-state={comparison.kind}
      data-winner={verdict?.kind === "winner" ? verdict.label : undefined}
      title={t("result.openVerdict.title")}
    >
      <Text fz="sm" fw={600}>
        {headline}
      </Text>
      {why && (
        <Text fz="xs" c="dimmed">
          {why}
        </Text>
      )}
    </Alert>
  );
}

/** A campaign's opens in one phrase, for its row in the list: a count and rate, or why none. */
export function CampaignOpensInline({ opens }: { opens: Opens | null | undefined }) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const view = opensView(opens);
  if (view.kind === "none") return null;
  const text =
    view.kind === "reported"
      ? view.rate === null
        ? t("list.opens", { count: formatCount(view.opens, language) })
        : t("list.opensRate", {
            count: formatCount(view.opens, language),
            rate: formatRate(view.rate, localeOf(language)),
          })
      : view.kind === "unreported"
        ? t("list.opensUnreported")
        : view.kind === "uncounted"
          ? t("list.opensUncounted")
          : t("list.opensNotRead");
  return (
    <Text
      fz="xs"
      c={view.kind === "reported" ? "teal.7" : "dimmed"}
      data-testid="campaign-item-opens"
      data-state={view.kind}
      title={
        view.kind === "reported" && view.unreported > 0
          ? t("result.opens.partial", { count: view.unreported })
          : view.kind === "unreported"
            ? t("result.opens.unreported")
            : undefined
      }
    >
      {text}
    </Text>
  );
}
