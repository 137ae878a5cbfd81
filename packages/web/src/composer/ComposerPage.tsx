import type { Message } from "@kizuna/core/messages";
import { can } from "@kizuna/core/permissions";
import { Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession } from "../api/session.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { ComposerWorkbench } from "./ComposerWorkbench.tsx";
import { newMessage } from "./defaults.ts";

/** メッセージ作成: compose, check, preview and test-send the messages of a send. */
export function ComposerPage() {
  const { t } = useTranslation("composer");
  const channel = useCurrentChannel();
  const { user } = useAuthenticatedSession();
  const [messages, setMessages] = useState<Message[]>(() => [newMessage("text")]);
  return (
    <Stack gap="md">
      <div>
        <Title order={2} fz="h3">
          {t("title")}
        </Title>
        <Text c="dimmed" fz="sm">
          {t("description")}
        </Text>
      </div>
      <ComposerWorkbench
        key={channel.id}
        channel={channel}
        value={messages}
        onChange={setMessages}
        canTestSend={can(user.role, "messages:test_send")}
      />
    </Stack>
  );
}
