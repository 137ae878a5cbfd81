import { parseTemplate, renderTemplate } from "@kizuna/core/templates";
import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { usePresendSummary } from "./api.ts";
import type { PresendSummary } from "./types.ts";

export function ConfirmCampaignModal({
  channelId,
  opened,
  text,
  scheduledAt,
  fallbackRecipients,
  sending,
  error,
  onCancel,
  onConfirm,
}: {
  channelId: string;
  opened: boolean;
  text: string;
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
  const summary = usePresendSummary(channelId, opened);
  const refused = summary.data && !summary.data.guard.ok && scheduledAt === null;
  const sample = personalisedSample(text, t);
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
          {t("confirmBody", { count: summary.data?.recipients ?? fallbackRecipients })}
        </Text>
        {scheduledAt && (
          <Text fz="sm" c="violet" data-testid="campaign-confirm-scheduled">
            {t("confirmScheduled", { at: formatDateTime(scheduledAt.toISOString(), language) })}
          </Text>
        )}
        {/* The message as it will appear: a chat bubble on LINE's pale chat background. */}
        <Paper bg="#e9eef6" p="md" radius="md">
          <ScrollArea.Autosize mah={200}>
            <Stack gap="xs">
              <Bubble text={text} />
              {sample !== null && sample !== text && (
                <>
                  <Text fz="xs" c="dimmed">
                    {t("summary.personalised")}
                  </Text>
                  <Bubble text={sample} testId="campaign-sample" />
                </>
              )}
            </Stack>
          </ScrollArea.Autosize>
        </Paper>
        <SummaryTable summary={summary.data} loading={summary.isLoading} failed={summary.isError} />
        {summary.data && <SummaryNotes summary={summary.data} scheduled={scheduledAt !== null} />}
        {error && (
          <Alert color="red" variant="light" role="alert">
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
