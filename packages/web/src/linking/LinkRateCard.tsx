import { Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatCount, localeOf } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useLinkRate } from "./api.ts";
import { LineChart } from "./chart/LineChart.tsx";
import { formatRate, shortDay } from "./rate.ts";

const DAYS = 30;

/** ID-link rate (linked ÷ valid friends) now, and per day over the last month. */
export function LinkRateCard({ channelId }: { channelId: string }) {
  const { t } = useTranslation("linking");
  const language = useLanguage();
  const locale = localeOf(language);
  const rate = useLinkRate(channelId, DAYS);
  const current = rate.data?.current;
  return (
    <Card data-testid="link-rate">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Stack gap={0}>
            <Title order={3} fz="h5">
              {t("rate.title")}
            </Title>
            {current && (
              <Text fz="sm" c="dimmed">
                {t("rate.caption", {
                  linked: formatCount(current.linkedFriends, language),
                  valid: formatCount(current.validFriends, language),
                })}
              </Text>
            )}
          </Stack>
          <Text
            fz={36}
            fw={700}
            lh={1}
            c="line.7"
            data-testid="link-rate-value"
            data-value={current?.rate}
          >
            {current ? formatRate(current.rate, locale) : "–"}
          </Text>
        </Group>
        {rate.isError && (
          <Text fz="sm" c="red">
            {t("rate.loadFailed")}
          </Text>
        )}
        {rate.data && rate.data.days.length === 0 && (
          <Text fz="sm" c="dimmed">
            {t("rate.empty")}
          </Text>
        )}
        {rate.data && rate.data.days.length > 0 && (
          <LineChart
            testId="link-rate-chart"
            height={160}
            floor={0.1}
            labels={rate.data.days.map((point) => shortDay(point.day))}
            series={[
              {
                label: t("rate.title"),
                values: rate.data.days.map((point) => point.rate),
                color: "var(--mantine-color-line-6, #06c755)",
              },
            ]}
            formatValue={(value) => formatRate(value, locale)}
            summary={t("rate.chartSummary", {
              days: DAYS,
              rate: formatRate(current?.rate ?? 0, locale),
            })}
          />
        )}
      </Stack>
    </Card>
  );
}
