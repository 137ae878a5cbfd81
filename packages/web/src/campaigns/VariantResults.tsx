import { Alert, Card, Grid, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatCount, localeOf } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { formatRate } from "../linking/rate.ts";
import { BarChart } from "./BarChart.tsx";
import { OpenRateVerdict, VariantOpensCells } from "./CampaignOpens.tsx";
import type { AbResult, CampaignVariant, OpenRateComparison } from "./types.ts";
import { abVerdict, uniqueClickRate } from "./variants.ts";

const COLORS = [
  "var(--mantine-color-line-6)",
  "var(--mantine-color-blue-6)",
  "var(--mantine-color-orange-6)",
  "var(--mantine-color-grape-6)",
];

/**
 * An A/B test's outcome: the verdict on unique-click rates, then on open rates as LINE counts
 * them, the unique-click rate of each variant, and its counts.
 */
export function VariantResults({
  variants,
  abResult,
  openAbResult,
}: {
  variants: readonly CampaignVariant[];
  abResult: AbResult | null;
  openAbResult: OpenRateComparison | null;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const count = (value: number) => formatCount(value, language);
  const rate = (value: number) => formatRate(value, localeOf(language));
  const verdict = abResult ? abVerdict(abResult, variants) : null;
  const bars = variants.map((v) => ({
    label: v.label,
    value: uniqueClickRate(v),
    color: COLORS[v.index % COLORS.length]!,
  }));
  const columns = [
    "variant",
    "weight",
    "recipients",
    "accepted",
    "failed",
    "skipped",
    "uniqueClickers",
    "clicks",
    "rate",
    "opens",
    "openRate",
  ] as const;
  return (
    <Card data-testid="campaign-variants-result">
      <Stack gap="md">
        <Title order={4} fz="md">
          {t("result.abTitle")}
        </Title>
        <Alert
          variant="light"
          color={verdict?.kind === "winner" ? "line" : "gray"}
          data-testid="ab-verdict"
          data-winner={verdict?.kind === "winner" ? verdict.label : undefined}
          title={openAbResult ? t("result.verdict.title") : undefined}
        >
          <Text fz="sm" fw={600}>
            {verdict === null
              ? t("result.verdict.pending")
              : verdict.kind === "winner"
                ? t("result.verdict.winner", { label: verdict.label, p: verdict.p })
                : verdict.p === null
                  ? t("result.verdict.notSignificant")
                  : t("result.verdict.notSignificantP", { p: verdict.p })}
          </Text>
          {verdict?.kind === "not_significant" && verdict.p === null && (
            <Text fz="xs" c="dimmed">
              {t("result.verdict.untestable")}
            </Text>
          )}
        </Alert>
        {openAbResult && <OpenRateVerdict comparison={openAbResult} variants={variants} />}
        <Grid gap="lg" align="center">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Text fz="sm" fw={500} mb={4}>
              {t("result.chartTitle")}
            </Text>
            <BarChart
              bars={bars}
              formatValue={rate}
              floor={0.1}
              summary={t("result.chartSummary", {
                values: bars
                  .map((b) => `${b.label} ${rate(b.value)}`)
                  .join(t("audience.separator")),
              })}
              testId="variant-click-chart"
            />
          </Grid.Col>
          {/* Eleven columns with opens: the table takes the card's whole width. */}
          <Grid.Col span={12}>
            <Table.ScrollContainer minWidth={760}>
              <Table fz="sm" data-testid="variant-table">
                <Table.Thead>
                  <Table.Tr>
                    {columns.map((column) => (
                      <Table.Th
                        key={column}
                        ta={column === "variant" ? "left" : "right"}
                        style={{ whiteSpace: "nowrap" }}
                      >
                        {t(`result.columns.${column}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {variants.map((v) => (
                    <Table.Tr key={v.index} data-variant={v.label}>
                      <Table.Td fw={700}>{v.label}</Table.Td>
                      <Table.Td ta="right">{`${v.weight}%`}</Table.Td>
                      <Table.Td ta="right">{count(v.recipients)}</Table.Td>
                      <Table.Td ta="right">{count(v.accepted)}</Table.Td>
                      <Table.Td ta="right">{count(v.failed)}</Table.Td>
                      <Table.Td ta="right">{count(v.skipped)}</Table.Td>
                      <Table.Td ta="right" data-column="uniqueClickers">
                        {count(v.uniqueClickers)}
                      </Table.Td>
                      <Table.Td ta="right">{count(v.clicks)}</Table.Td>
                      <Table.Td ta="right" fw={600} data-column="rate">
                        {rate(uniqueClickRate(v))}
                      </Table.Td>
                      <VariantOpensCells opens={v.opens} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Grid.Col>
        </Grid>
      </Stack>
    </Card>
  );
}
