import type { Message } from "@kizuna/core/messages";
import { can } from "@kizuna/core/permissions";
import {
  Alert,
  Button,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession } from "../api/session.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { newMessage } from "../composer/defaults.ts";
import { AudiencePicker } from "./AudiencePicker.tsx";
import { useAudienceCount, useCreateCampaign } from "./api.ts";
import { ALL_FRIENDS_DRAFT, type AudienceDraft, audienceOf } from "./audience.ts";
import { ConfirmCampaignModal } from "./ConfirmCampaignModal.tsx";
import { ReviewReport } from "./ReviewReport.tsx";
import { fromLocalInput, localInputValue, scheduleProblem } from "./schedule.ts";
import type { NewCampaign } from "./types.ts";
import { VariantTabs } from "./VariantTabs.tsx";
import { startVariants, type VariantDraft, weightProblem } from "./variants.ts";

// The editors and the LINE renderer are a large part of the bundle: loaded when a composer shows.
const ComposerWorkbench = lazy(async () => ({
  default: (await import("../composer/ComposerWorkbench.tsx")).ComposerWorkbench,
}));

type Timing = "now" | "scheduled";

/** A new campaign: its audience, its 1–5 LINE messages (or 2–4 A/B variants), and when. */
export function CampaignComposer({
  recipients,
}: {
  /** the channel's valid friends: shown until the audience is counted */
  recipients: number;
}) {
  const { t } = useTranslation("campaigns");
  const channel = useCurrentChannel();
  const { user } = useAuthenticatedSession();
  const create = useCreateCampaign(channel.id);
  const [name, setName] = useState("");
  const [audienceDraft, setAudienceDraft] = useState<AudienceDraft>(ALL_FRIENDS_DRAFT);
  const [messages, setMessages] = useState<Message[]>(() => [newMessage("text")]);
  const [variants, setVariants] = useState<VariantDraft[] | null>(null);
  const [active, setActive] = useState(0);
  // Whether each set of messages passed LINE's checks, by variant (0 when there are none).
  const [valid, setValid] = useState<Record<number, boolean>>({});
  // A sent draft starts afresh: the composers are remounted with it.
  const [draft, setDraft] = useState(0);
  const [timing, setTiming] = useState<Timing>("now");
  const [scheduledAt, setScheduledAt] = useState(() =>
    localInputValue(new Date(Date.now() + 60 * 60 * 1000)),
  );
  const [confirming, setConfirming] = useState(false);
  const [accepted, setAccepted] = useState<Timing | null>(null);

  const audience = audienceOf(audienceDraft);
  const { count } = useAudienceCount(channel.id, audience);
  const messageSets = variants ? variants.map((v) => v.messages) : [messages];
  const weights = variants?.map((v) => v.weight) ?? [];
  const weightsProblem = variants ? weightProblem(weights) : null;
  const timeProblem = timing === "scheduled" ? scheduleProblem(scheduledAt, new Date()) : null;
  const known = count.data?.recipients ?? recipients;
  const canSend =
    audience !== null &&
    messageSets.every((_, i) => valid[i] === true) &&
    weightsProblem === null &&
    timeProblem === null &&
    known > 0;
  const at = timing === "scheduled" ? fromLocalInput(scheduledAt) : null;

  const edited = () => setAccepted(null);
  const setVariantMessages = (index: number, next: Message[]) => {
    setVariants((current) =>
      current ? current.map((v, i) => (i === index ? { ...v, messages: next } : v)) : current,
    );
    edited();
  };
  const toggleAb = (on: boolean) => {
    // Off keeps A's messages; on starts B as their copy.
    if (!on && variants) setMessages(variants[0]!.messages);
    setVariants(on ? startVariants(messages) : null);
    setActive(0);
    edited();
  };

  const body = (): NewCampaign => {
    const common = {
      ...(name.trim() ? { name: name.trim() } : {}),
      audience: audience!,
      scheduledAt: at ? at.toISOString() : null,
    };
    return variants ? { ...common, variants } : { ...common, messages };
  };

  const confirm = () =>
    create.mutate(body(), {
      onSuccess: () => {
        setName("");
        setMessages([newMessage("text")]);
        setVariants(null);
        setActive(0);
        setDraft((d) => d + 1);
        setConfirming(false);
        setAccepted(timing);
      },
    });

  const workbench = (value: Message[], onChange: (messages: Message[]) => void, key: string) => (
    <Suspense fallback={<Skeleton h={320} radius="md" />}>
      <ComposerWorkbench
        key={key}
        channel={channel}
        value={value}
        onChange={onChange}
        canTestSend={can(user.role, "messages:test_send")}
      />
    </Suspense>
  );

  return (
    <Stack gap="md">
      <TextInput
        label={t("nameLabel")}
        placeholder={t("namePlaceholder")}
        value={name}
        maxLength={100}
        onChange={(event) => setName(event.currentTarget.value)}
        data-testid="campaign-name"
      />
      <AudiencePicker channelId={channel.id} value={audienceDraft} onChange={setAudienceDraft} />
      <Stack gap={4}>
        <Switch
          label={t("ab.toggle")}
          description={t("ab.hint")}
          checked={variants !== null}
          onChange={(event) => toggleAb(event.currentTarget.checked)}
          data-testid="campaign-ab-toggle"
        />
      </Stack>
      {messageSets.map((set, i) => (
        <ReviewReport
          // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its place (A, B …)
          key={i}
          channelId={channel.id}
          messages={set}
          onReport={(ok) =>
            setValid((current) => (current[i] === ok ? current : { ...current, [i]: ok }))
          }
        />
      ))}
      {variants ? (
        <VariantTabs
          variants={variants}
          active={active}
          onActive={setActive}
          onChange={(next) => {
            setVariants(next);
            edited();
          }}
          problem={weightsProblem}
        >
          {workbench(
            variants[active]?.messages ?? [],
            (next) => setVariantMessages(active, next),
            `${draft}-${active}-${variants.length}`,
          )}
        </VariantTabs>
      ) : (
        workbench(
          messages,
          (next) => {
            setMessages(next);
            edited();
          },
          String(draft),
        )
      )}
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
      {known === 0 && audience !== null && (
        <Text fz="xs" c="dimmed">
          {audience.type === "all_friends" ? t("noRecipients") : t("audience.empty")}
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
        channel={channel}
        opened={confirming}
        audience={audience}
        messages={messages}
        variants={variants}
        scheduledAt={at}
        fallbackRecipients={known}
        sending={create.isPending}
        error={create.error}
        onCancel={() => setConfirming(false)}
        onConfirm={confirm}
      />
    </Stack>
  );
}
