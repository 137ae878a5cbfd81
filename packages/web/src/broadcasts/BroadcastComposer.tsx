import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSendBroadcast } from "../api/broadcasts.ts";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { ConfirmBroadcastModal } from "./ConfirmBroadcastModal.tsx";
import { broadcastTextLength, broadcastTextProblem, maxBroadcastLength } from "./text.ts";

export function BroadcastComposer({
  channelId,
  recipients,
}: {
  channelId: string;
  /** the channel's valid friends: a broadcast goes to each of them */
  recipients: number;
}) {
  const { t } = useTranslation("broadcasts");
  const language = useLanguage();
  const send = useSendBroadcast(channelId);
  const [text, setText] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [accepted, setAccepted] = useState(false);

  const length = broadcastTextLength(text);
  const problem = broadcastTextProblem(text);
  const canSend = problem === null && recipients > 0;

  const openConfirmation = () => {
    send.reset();
    setConfirming(true);
  };

  const confirm = () =>
    send.mutate(text, {
      onSuccess: () => {
        setText("");
        setConfirming(false);
        setAccepted(true);
      },
    });

  return (
    <Stack gap="xs">
      <Textarea
        label={t("messageLabel")}
        placeholder={t("placeholder")}
        autosize
        minRows={4}
        maxRows={12}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setAccepted(false);
        }}
        error={problem === "tooLong" && t("tooLong", { max: maxBroadcastLength })}
        data-testid="broadcast-text"
      />
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text
          fz="xs"
          c={problem === "tooLong" ? "red" : "dimmed"}
          aria-live="polite"
          data-testid="broadcast-counter"
        >
          {t("counter", {
            count: formatCount(length, language),
            max: formatCount(maxBroadcastLength, language),
          })}
        </Text>
        <Button disabled={!canSend} onClick={openConfirmation} data-testid="broadcast-send">
          {t("send")}
        </Button>
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
          onClose={() => setAccepted(false)}
          data-testid="broadcast-accepted"
        >
          {t("accepted")}
        </Alert>
      )}
      <ConfirmBroadcastModal
        opened={confirming}
        text={text}
        recipients={recipients}
        sending={send.isPending}
        error={send.error}
        onCancel={() => setConfirming(false)}
        onConfirm={confirm}
      />
    </Stack>
  );
}
