import type { Message } from "@kizuna/core/messages";
import { parseTemplate, renderTemplate } from "@kizuna/core/templates";
import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { usePresendSummary } from "./api.ts";
import { describeAudience } from "./audience.ts";
import type { Audience, PresendSummary } from "./types.ts";
import { useAudienceNames, useAudienceText } from "./useAudienceText.ts";
import { type VariantDraft, variantLabel } from "./variants.ts";

// The LINE renderer is loaded with the composer, not with the page.
const LinePreview = lazy(async () => ({
  default: (await import("../composer/LinePreview.tsx")).LinePreview,
}));

export function ConfirmCampaignModal({
  channel,
  opened,
  audience,
  messages,
  variants,
  scheduledAt,
  fallbackRecipients,
  sending,
  error,
  onCancel,
  onConfirm,
}: {
  channel: { id: string; name: string };
  opened: boolean;
  audience: Audience | null;
  /** What everyone gets, when there are no variants. */
  messages: readonly Message[];
  variants: readonly VariantDraft[] | null;
  /** null: send now. */
  scheduledAt: Date | null;
  /** shown until the summary arrives */
  fallbackRecipients: number;
  sending: boolean;
  error: Error | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const summary = usePresendSummary(channel.id, audience, opened);
  const names = useAudienceNames(channel.id);
  const audienceText = useAudienceText()(describeAudience(audience ?? undefined, names));
  const [shown, setShown] = useState(0);
  const previewed = variants ? (variants[shown]?.messages ?? []) : messages;
  const refused = summary.data && !summary.data.guard.ok && scheduledAt === null;
  const recipients = summary.data?.recipients ?? fallbackRecipients;
  const firstText =
    previewed.find((m): m is Extract<Message, { type: "text" }> => m.type === "text")?.text ?? null;
  const sample = firstText === null ? null : personalisedSample(firstText, t);
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={<Text fw={700}>{t("confirmTitle")}</Text>}
      centered
      size="lg"
    >
      <Stack gap="md">
        <Text fz="sm" data-testid="broadcast-confirm-body">
          {t("confirmBody", { audience: audienceText, count: recipients })}
        </Text>
        {scheduledAt && (
          <Text fz="sm" c="violet" data-testid="campaign-confirm-scheduled">
            {t("confirmScheduled", { at: formatDateTime(scheduledAt.toISOString(), language) })}
          </Text>
        )}
        {variants && (
          <Table
            withTableBorder
            verticalSpacing={4}
            fz="sm"
            data-testid="campaign-confirm-variants"
          >
            <Table.Tbody>
              {variants.map((variant, i) => (
                <Table.Tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its place (A, B …)
                  key={i}
                >
                  <Table.Th w="35%" fw={500} c="dimmed">
                    {t("ab.variant", { label: variantLabel(i) })}
                  </Table.Th>
                  <Table.Td>
                    {t("ab.share", {
                      weight: variant.weight,
                      count: Math.round((recipients * variant.weight) / 100),
                      messages: variant.messages.length,
                    })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Paper bg="#e9eef6" p="md" radius="md">
          <Stack gap="xs">
            {variants && (
              <SegmentedControl
                size="xs"
                value={String(shown)}
                onChange={(value) => setShown(Number(value))}
                data={variants.map((_, i) => ({
                  value: String(i),
                  label: t("ab.variant", { label: variantLabel(i) }),
                }))}
              />
            )}
            {opened && (
              <Suspense fallback={<Skeleton h={300} />}>
                <LinePreview channelName={channel.name} messages={previewed} height={300} />
              </Suspense>
            )}
            {sample !== null && sample !== firstText && (
              <>
                <Text fz="xs" c="dimmed">
                  {t("summary.personalised")}
                </Text>
                <Bubble text={sample} testId="campaign-sample" />
              </>
            )}
          </Stack>
        </Paper>
        <SummaryTable summary={summary.data} loading={summary.isLoading} failed={summary.isError} />
        {summary.data && <SummaryNotes summary={summary.data} scheduled={scheduledAt !== null} />}
        {error && (
          <Alert color="red" variant="light" role="alert" data-testid="campaign-create-error">
            {t(errorMessageKey(error))}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={sending}>
            {t("cancel")}
          </Button>
          <Button
            onClick={onConfirm}
            loading={sending}
            disabled={refused || summary.isLoading}
            data-testid="broadcast-confirm"
          >
            {scheduledAt ? t("confirmSchedule") : t("confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Bubble({ text, testId }: { text: string; testId?: string }) {
  return (
    <Paper
      bg="white"
      px="md"
      py="sm"
      radius="lg"
      maw="85%"
      shadow="xs"
      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", width: "fit-content" }}
      data-testid={testId}
    >
      <Text fz="sm">{text}</Text>
    </Paper>
  );
}

/** The text as a sample friend would get it, or null when it has no placeholders. */
function personalisedSample(text: string, t: TFunction<"campaigns">): string | null {
  const parsed = parseTemplate(text);
  if (!parsed.ok || !parsed.template.parts.some((part) => part.type === "variable")) return null;
  return renderTemplate(parsed.template, {
    name: t("sample.name"),
    member: { name: t("sample.memberName"), points: Number(t("sample.points")) },
    fields: {},
  });
}

function SummaryTable({
  summary,
  loading,
  failed,
}: {
  summary: PresendSummary | undefined;
  loading: boolean;
  failed: boolean;
}) {
  const { t } = useTranslation("campaigns");
  if (loading)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text fz="sm" c="dimmed">
          {t("summary.loading")}
        </Text>
      </Group>
    );
  if (failed || !summary)
    return (
      <Text fz="sm" c="red">
        {t("summary.failed")}
      </Text>
    );
  const { quota, guard, cost } = summary;
  const used = guard.used;
  const quotaText =
    quota.line === null && quota.configuredLimit === null
      ? t("summary.quotaLineUnknown", { used: quota.sentByKizuna })
      : guard.limit === null
        ? t("summary.quotaUnlimited", { used })
        : t("summary.quotaValue", {
            limit: guard.limit,
            used,
            remaining: Math.max(0, guard.limit - used - summary.messages),
          });
  const costText = !cost.withinPlan
    ? t("summary.costNotAllowed", { included: summary.plan.includedMessages })
    : cost.additionalMessages === 0
      ? t("summary.costFree")
      : t("summary.costAdditional", {
          count: cost.additionalMessages,
          yen: cost.additionalCostYen,
        });
  const rows: [string, string, string][] = [
    [
      "recipients",
      t("summary.recipients"),
      t("summary.recipientsValue", { count: summary.recipients }),
    ],
    ["messages", t("summary.messages"), t("summary.messagesValue", { count: summary.messages })],
    ["quota", t("summary.quota"), quotaText],
    ["cost", t("summary.cost", { plan: summary.plan.name }), costText],
  ];
  return (
    <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="campaign-summary">
      <Table.Tbody>
        {rows.map(([key, label, value]) => (
          <Table.Tr key={key} data-testid={`campaign-summary-${key}`}>
            <Table.Th w="35%" fw={500} c="dimmed">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SummaryNotes({ summary, scheduled }: { summary: PresendSummary; scheduled: boolean }) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const notes: { key: string; color: string; text: string }[] = [];
  if (!summary.guard.ok) {
    notes.push({
      key: "quota",
      color: scheduled ? "orange" : "red",
      text: scheduled
        ? t("summary.quotaRefusedScheduled")
        : t("summary.quotaRefused", {
            limit: summary.guard.limit,
            used: summary.guard.used,
            needed: summary.guard.needed,
          }),
    });
  }
  const units = summary.aggregationUnits;
  if (units && units.status !== "ok") {
    notes.push({
      key: "aggregation-units",
      color: "orange",
      text: t(units.status === "reached" ? "summary.unitsReached" : "summary.unitsNear", {
        used: formatCount(units.used, language),
        limit: formatCount(units.limit, language),
      }),
    });
  }
  const quiet = summary.quietHours;
  if (quiet?.quiet && !scheduled) {
    notes.push(
      quiet.mode === "hold"
        ? {
            key: "quiet",
            color: "orange",
            text: t("summary.quietHold", {
              start: quiet.start,
              end: quiet.end,
              until: formatDateTime(quiet.endsAt, language),
            }),
          }
        : {
            key: "quiet",
            color: "orange",
            text: t("summary.quietSkip", { start: quiet.start, end: quiet.end }),
          },
    );
  }
  if (summary.frequencyCap) {
    notes.push({
      key: "cap",
      color: "gray",
      text: t("summary.cap", {
        count: summary.frequencyCap.count,
        hours: summary.frequencyCap.periodHours,
      }),
    });
  }
  return (
    <Stack gap="xs">
      {notes.map((note) => (
        <Alert
          key={note.key}
          color={note.color}
          variant="light"
          p="xs"
          data-testid={`campaign-note-${note.key}`}
        >
          <Text fz="sm">{note.text}</Text>
        </Alert>
      ))}
    </Stack>
  );
}
