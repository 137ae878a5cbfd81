import {
  Alert,
  Anchor,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorMessageKey } from "../api/errors.ts";
import { ArrowLeftIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useCampaign } from "./api.ts";
import { describeAudience } from "./audience.ts";
import { CampaignError } from "./CampaignError.tsx";
import { CampaignOpens } from "./CampaignOpens.tsx";
import { CampaignProgress } from "./CampaignProgress.tsx";
import { CampaignStatusBadge } from "./CampaignStatusBadge.tsx";
import { sendRate, skippedCount } from "./progress.ts";
import type { Campaign, CampaignOutcomes } from "./types.ts";
import { useAudienceText } from "./useAudienceText.ts";
import { VariantResults } from "./VariantResults.tsx";

/** One campaign's result: the counts, why friends were skipped or failed, live while sending. */
export function CampaignResultPage() {
  const { t } = useTranslation("campaigns");
  const channel = useCurrentChannel();
  const { campaignId = "" } = useParams();
  const toPage = useChannelLink();
  const detail = useCampaign(channel.id, campaignId);
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={toPage("/campaigns")} fz="sm">
        <Group gap={4}>
          <ArrowLeftIcon size={16} />
          {t("result.back")}
        </Group>
      </Anchor>
      {detail.data ? (
        <CampaignResult campaign={detail.data.campaign} outcomes={detail.data.outcomes} />
      ) : detail.isError ? (
        <Alert color="red" variant="light" title={t("result.notFound")}>
          {t(errorMessageKey(detail.error))}
        </Alert>
      ) : (
        <Skeleton h={240} radius="md" />
      )}
    </Stack>
  );
}

function CampaignResult({
  campaign,
  outcomes,
}: {
  campaign: Campaign;
  outcomes: CampaignOutcomes;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const count = (value: number) => formatCount(value, language);
  const now = useNow(campaign.status === "sending");
  const rate = sendRate(campaign, now);
  const audienceText = useAudienceText()(
    describeAudience(campaign.audience, campaign.audienceNames),
  );
  const people = t("result.people");
  const stats: { key: string; label: string; value: number; unit: string; color?: string }[] = [
    { key: "recipients", label: t("result.recipients"), value: campaign.recipients, unit: people },
    {
      key: "accepted",
      label: t("result.accepted"),
      value: campaign.accepted,
      unit: people,
      color: "line.7",
    },
    {
      key: "failed",
      label: t("result.failed"),
      value: campaign.failed,
      unit: people,
      color: "red.7",
    },
    {
      key: "skipped",
      label: t("result.skipped"),
      value: skippedCount(campaign),
      unit: people,
      color: "gray.7",
    },
    {
      key: "uniqueClickers",
      label: t("result.uniqueClickers"),
      value: campaign.uniqueClickers ?? 0,
      unit: people,
      color: "blue.7",
    },
    {
      key: "clicks",
      label: t("result.clicks"),
      value: campaign.clicks ?? 0,
      unit: t("result.times"),
      color: "blue.7",
    },
  ];
  const times: [string, string | null][] = [
    ["created", campaign.createdAt],
    ["scheduled", campaign.scheduledAt],
    ["started", campaign.startedAt],
    ["finished", campaign.finishedAt],
  ];
  return (
    <Stack gap="lg" data-testid="campaign-result" data-status={campaign.status}>
      <Card>
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" miw={0}>
              <CampaignStatusBadge status={campaign.status} />
              <Title order={2} fz="h3" lineClamp={1}>
                {campaign.name ?? campaign.text}
              </Title>
            </Group>
          </Group>
          <Text fz="sm" data-testid="campaign-audience">
            {t("result.audience", { audience: audienceText })}
          </Text>
          {campaign.error && <CampaignError error={campaign.error} />}
          {campaign.heldUntil && (
            <Text fz="sm" c="orange">
              {t("heldUntil", { at: formatDateTime(campaign.heldUntil, language) })}
            </Text>
          )}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            {stats.map((stat) => (
              <Paper key={stat.key} withBorder p="sm" data-testid={`campaign-stat-${stat.key}`}>
                <Text fz="xs" c="dimmed">
                  {stat.label}
                </Text>
                <Group gap={4} align="baseline">
                  <Text fz={28} fw={700} c={stat.color} data-value={stat.value}>
                    {count(stat.value)}
                  </Text>
                  <Text fz="sm" c="dimmed">
                    {stat.unit}
                  </Text>
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
          <CampaignOpens opens={campaign.opens} />
          <CampaignProgress campaign={campaign} size="lg" />
          {rate !== null && (
            <Text fz="sm" c="blue" data-testid="campaign-rate">
              {t("result.rate", { rate: Math.round(rate) })}
            </Text>
          )}
        </Stack>
      </Card>
      {campaign.variants && campaign.variants.length > 0 && (
        <VariantResults
          variants={campaign.variants}
          abResult={campaign.abResult ?? null}
          openAbResult={campaign.openAbResult ?? null}
        />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card>
          <Stack gap="sm">
            <Title order={4} fz="md">
              {t("result.failuresTitle")}
            </Title>
            {outcomes.failures.length === 0 ? (
              <Text fz="sm" c="dimmed">
                {t("result.noFailures")}
              </Text>
            ) : (
              <Table data-testid="campaign-failures" fz="sm">
                <Table.Tbody>
                  {outcomes.failures.map((failure) => (
                    <Table.Tr key={failure.reason} data-reason={failure.reason}>
                      <Table.Td>
                        <Text fz="sm">{failureReasonText(failure.reason, t)}</Text>
                        {failure.example && (
                          <Text fz="xs" c="dimmed" lineClamp={2}>
                            {failure.example}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {count(failure.recipients)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {outcomes.skipped.length > 0 && (
              <>
                <Title order={4} fz="md">
                  {t("result.skippedTitle")}
                </Title>
                <Table data-testid="campaign-skips" fz="sm">
                  <Table.Tbody>
                    {outcomes.skipped.map((skip) => (
                      <Table.Tr key={skip.reason} data-reason={skip.reason}>
                        <Table.Td>{t(`result.skipReasons.${skip.reason}`)}</Table.Td>
                        <Table.Td ta="right" fw={600}>
                          {count(skip.recipients)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
        </Card>
        <Card>
          <Stack gap="sm">
            <Title order={4} fz="md">
              {t("result.requestsTitle")}
            </Title>
            <Text fz="sm" data-testid="campaign-requests">
              {t("result.requests", outcomes.requests)}
            </Text>
            <Title order={4} fz="md">
              {t("result.timesTitle")}
            </Title>
            <Table fz="sm">
              <Table.Tbody>
                {times.map(([key, at]) => (
                  <Table.Tr key={key}>
                    <Table.Td c="dimmed">{t(`result.${key}` as "result.created")}</Table.Td>
                    <Table.Td>{at ? formatDateTime(at, language) : "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={4} fz="md">
              {t("result.messageTitle")}
            </Title>
            {campaign.variants && campaign.variants.length > 0 ? (
              campaign.variants.map((variant) => (
                <Stack key={variant.index} gap={4} data-testid="campaign-variant-messages">
                  <Text fz="sm" fw={600}>
                    {t("ab.variant", { label: variant.label })}
                  </Text>
                  <MessageTexts messages={variant.messages} />
                </Stack>
              ))
            ) : (
              <MessageTexts messages={campaign.messages} />
            )}
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/** A sent campaign's messages: texts as they were written, other messages by their type. */
function MessageTexts({ messages }: { messages: Campaign["messages"] }) {
  return messages.map((message, i) => (
    <Paper
      // biome-ignore lint/suspicious/noArrayIndexKey: a sent campaign's messages never change
      key={i}
      bg="gray.0"
      p="sm"
      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
    >
      <Text fz="sm">{message.text ?? message.type}</Text>
    </Paper>
  ));
}

function failureReasonText(reason: string, t: ReturnType<typeof useTranslation<"campaigns">>["t"]) {
  const known = [
    "line_rejected",
    "line_unauthorized",
    "quota_exhausted",
    "retries_exhausted",
    "empty_text",
    "text_too_long",
  ] as const;
  const match = known.find((k) => k === reason);
  return t(`result.failureReasons.${match ?? "unknown"}`);
}

/** The time, ticking each second while `live`. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}
