import type { Message } from "@kizuna/core/messages";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useMarkTestRecipient, useTestRecipients, useTestSend } from "./api.ts";
import { FriendPicker } from "./FriendPicker.tsx";

/** A test send reaches at most ten friends (the server says so too). */
export const MAX_TEST_RECIPIENTS = 10;

/**
 * Sends the messages, personalised, to staff's own LINE accounts: friends marked as test
 * recipients here, never anyone else.
 */
export function TestSendPanel({
  channelId,
  messages,
  ready,
}: {
  channelId: string;
  messages: readonly Message[];
  /** The messages passed the checks. */
  ready: boolean;
}) {
  const { t } = useTranslation("composer");
  const recipients = useTestRecipients(channelId);
  const mark = useMarkTestRecipient(channelId);
  const send = useTestSend(channelId);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const list = recipients.data ?? [];
  const selected = list.filter((r) => chosen.has(r.friendId)).map((r) => r.friendId);

  const toggle = (friendId: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(friendId);
    else next.delete(friendId);
    setChosen(next);
    send.reset();
  };

  const outcomes = send.data?.outcomes;
  const failed = outcomes?.filter((o) => !o.ok) ?? [];
  const nameOf = (friendId: string) =>
    list.find((r) => r.friendId === friendId)?.displayName ?? friendId;

  return (
    <Stack gap="xs" data-testid="test-send-panel">
      <Title order={4} fz="md">
        {t("testSend.title")}
      </Title>
      <Text fz="xs" c="dimmed">
        {t("testSend.description", { max: MAX_TEST_RECIPIENTS })}
      </Text>
      {list.length === 0 && !recipients.isLoading && (
        <Text fz="sm" c="dimmed">
          {t("testSend.none")}
        </Text>
      )}
      {list.map((recipient) => (
        <Group key={recipient.friendId} justify="space-between" wrap="nowrap">
          <Checkbox
            label={recipient.displayName ?? recipient.lineUserId}
            checked={chosen.has(recipient.friendId)}
            disabled={
              !recipient.following ||
              (!chosen.has(recipient.friendId) && selected.length >= MAX_TEST_RECIPIENTS)
            }
            onChange={(event) => toggle(recipient.friendId, event.currentTarget.checked)}
            data-testid="test-recipient"
            data-friend-id={recipient.friendId}
          />
          <Group gap={4} wrap="nowrap">
            {!recipient.following && (
              <Badge color="gray" variant="light">
                {t("testSend.blocked")}
              </Badge>
            )}
            <Tooltip label={t("testSend.unmark")}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("testSend.unmark")}
                onClick={() => {
                  toggle(recipient.friendId, false);
                  mark.mutate({ friendId: recipient.friendId, marked: false });
                }}
              >
                ✕
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      ))}
      <FriendPicker
        channelId={channelId}
        value={null}
        onChange={(friend) => {
          if (!friend) return;
          mark.mutate(
            { friendId: friend.id, marked: true },
            { onSuccess: () => toggle(friend.id, true) },
          );
        }}
        label={t("testSend.add")}
        placeholder={t("testSend.addPlaceholder")}
        nothingFound={t("friendPicker.nothingFound")}
        testId="test-recipient-add"
        exclude={list.map((r) => r.friendId)}
      />
      <Button
        onClick={() => send.mutate({ messages, friendIds: selected })}
        disabled={!ready || selected.length === 0 || messages.length === 0}
        loading={send.isPending}
        data-testid="test-send"
      >
        {t("testSend.send", { count: selected.length })}
      </Button>
      {!ready && messages.length > 0 && (
        <Text fz="xs" c="dimmed">
          {t("testSend.fixFirst")}
        </Text>
      )}
      {outcomes && failed.length === 0 && (
        <Alert color="line" variant="light" data-testid="test-send-done">
          {t("testSend.done", { count: outcomes.length })}
        </Alert>
      )}
      {failed.length > 0 && (
        <Alert color="red" variant="light" data-testid="test-send-failed">
          <Stack gap={2}>
            {failed.map((outcome) => (
              <Text key={outcome.friendId} fz="sm">
                {nameOf(outcome.friendId)}:{" "}
                {outcome.ok ? "" : t(`testSend.reasons.${outcome.reason}`)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {send.isError && (
        <Alert color="red" variant="light">
          {send.error instanceof ApiError && send.error.code === "invalid_messages"
            ? t("testSend.invalid")
            : t(errorMessageKey(send.error))}
        </Alert>
      )}
    </Stack>
  );
}
