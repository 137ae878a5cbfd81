import {
  Alert,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useCreateCampaign } from "./api.ts";
import { ConfirmCampaignModal } from "./ConfirmCampaignModal.tsx";
import { fromLocalInput, localInputValue, scheduleProblem } from "./schedule.ts";
import {
  insertAt,
  type MessageTextProblem,
  maxMessageLength,
  messageTextLength,
  messageTextProblem,
  PLACEHOLDERS,
} from "./text.ts";

type Timing = "now" | "scheduled";

export function CampaignComposer({
  channelId,
  recipients,
}: {
  channelId: string;
  /** the channel's valid friends: the audience "all valid friends" now */
  recipients: number;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const create = useCreateCampaign(channelId);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [timing, setTiming] = useState<Timing>("now");
  const [scheduledAt, setScheduledAt] = useState(() =>
    localInputValue(new Date(Date.now() + 60 * 60 * 1000)),
  );
  const [confirming, setConfirming] = useState(false);
  const [accepted, setAccepted] = useState<Timing | null>(null);

  const length = messageTextLength(text);
  const problem = messageTextProblem(text);
  const timeProblem = timing === "scheduled" ? scheduleProblem(scheduledAt, new Date()) : null;
  const canSend = problem === null && timeProblem === null && recipients > 0;
  const at = timing === "scheduled" ? fromLocalInput(scheduledAt) : null;

  const insert = (placeholder: string) => {
    const element = textarea.current;
    const selection = element ? { start: element.selectionStart, end: element.selectionEnd } : null;
    const next = insertAt(text, placeholder, selection);
    setText(next.text);
    setAccepted(null);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const confirm = () =>
    create.mutate(
      {
        ...(name.trim() ? { name: name.trim() } : {}),
        messages: [{ type: "text", text }],
        scheduledAt: at ? at.toISOString() : null,
      },
      {
        onSuccess: () => {
          setText("");
          setName("");
          setConfirming(false);
          setAccepted(timing);
        },
      },
    );

  return (
    <Stack gap="xs">
      <TextInput
        label={t("nameLabel")}
        placeholder={t("namePlaceholder")}
        value={name}
        maxLength={100}
        onChange={(event) => setName(event.currentTarget.value)}
        data-testid="campaign-name"
      />
      <Textarea
        ref={textarea}
        label={t("messageLabel")}
        placeholder={t("placeholder")}
        autosize
        minRows={4}
        maxRows={12}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setAccepted(null);
        }}
        error={problemText(problem, t)}
        data-testid="broadcast-text"
      />
      <Group gap={6} wrap="wrap">
        <Text fz="xs" c="dimmed">
          {t("template.insert")}
        </Text>
        {PLACEHOLDERS.map((placeholder) => (
          <Button
            key={placeholder.key}
            size="compact-xs"
            variant="light"
            onClick={() => insert(placeholder.insert)}
            data-testid={`insert-${placeholder.key}`}
          >
            {t(`template.${placeholder.key}`)}
          </Button>
        ))}
      </Group>
      <Text fz="xs" c="dimmed">
        {t("template.hint", { example: "{{name|お客様}}", open: "{{", escaped: "\\{{" })}
      </Text>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            {t("timing.label")}
          </Text>
          <Group gap="sm" align="flex-start">
            <SegmentedControl
              size="xs"
              value={timing}
              onChange={(value) => setTiming(value as Timing)}
              data={[
                { value: "now", label: t("timing.now") },
                { value: "scheduled", label: t("timing.scheduled") },
              ]}
              data-testid="campaign-timing"
            />
            {timing === "scheduled" && (
              <TextInput
                size="xs"
                type="datetime-local"
                aria-label={t("timing.at")}
                value={scheduledAt}
                onChange={(event) => setScheduledAt(event.currentTarget.value)}
                error={timeProblem && t(`timing.${timeProblem}`)}
                data-testid="campaign-scheduled-at"
              />
            )}
          </Group>
        </Stack>
        <Group gap="sm" wrap="nowrap" align="center">
          <Text
            fz="xs"
            c={problem?.kind === "tooLong" ? "red" : "dimmed"}
            aria-live="polite"
            data-testid="broadcast-counter"
          >
            {t("counter", {
              count: formatCount(length, language),
              max: formatCount(maxMessageLength, language),
            })}
          </Text>
          <Button
            disabled={!canSend}
            onClick={() => {
              create.reset();
              setConfirming(true);
            }}
            data-testid="broadcast-send"
          >
            {timing === "scheduled" ? t("schedule") : t("send")}
          </Button>
        </Group>
      </Group>
      {recipients === 0 && (
        <Text fz="xs" c="dimmed">
          {t("noRecipients")}
        </Text>
      )}
      {accepted && (
        <Alert
          color="line"
          variant="light"
          withCloseButton
          onClose={() => setAccepted(null)}
          data-testid="broadcast-accepted"
        >
          {accepted === "scheduled" ? t("scheduledAccepted") : t("accepted")}
        </Alert>
      )}
      <ConfirmCampaignModal
        channelId={channelId}
        opened={confirming}
        text={text}
        scheduledAt={at}
        fallbackRecipients={recipients}
        sending={create.isPending}
        error={create.error}
        onCancel={() => setConfirming(false)}
        onConfirm={confirm}
      />
    </Stack>
  );
}

function problemText(
  problem: MessageTextProblem | null,
  t: ReturnType<typeof useTranslation<"campaigns">>["t"],
): string | null {
  if (!problem) return null;
  switch (problem.kind) {
    case "empty":
      return null;
    case "tooLong":
      return t("tooLong", { max: maxMessageLength });
    case "template":
      return t(`template.errors.${problem.code}`, {
        position: problem.index + 1,
        open: "{{",
        close: "}}",
      });
    default: {
      const unknown: never = problem;
      return String(unknown);
    }
  }
}
