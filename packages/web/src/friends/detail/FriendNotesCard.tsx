import { Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type FriendDetail, useAddFriendNote } from "../../api/friendData.ts";
import { formatDateTime } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { Section } from "./Section.tsx";

/** Staff notes about the friend, newest first: what was promised on the phone, what to avoid. */
export function FriendNotesCard({
  channelId,
  friend,
}: {
  channelId: string;
  friend: FriendDetail;
}) {
  const { t } = useTranslation("friendDetail");
  const language = useLanguage();
  const add = useAddFriendNote(channelId, friend.id);
  const [body, setBody] = useState("");
  return (
    <Section title={t("notes.title")} testId="friend-notes">
      <Stack gap="sm">
        <Textarea
          autosize
          minRows={2}
          maxRows={8}
          maxLength={5000}
          placeholder={t("notes.placeholder")}
          aria-label={t("notes.title")}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          data-testid="friend-note-body"
        />
        <Group justify="flex-end">
          <Button
            disabled={body.trim() === ""}
            loading={add.isPending}
            onClick={() => add.mutate(body.trim(), { onSuccess: () => setBody("") })}
            data-testid="friend-note-add"
          >
            {t("notes.add")}
          </Button>
        </Group>
        {friend.notes.length === 0 ? (
          <Text fz="sm" c="dimmed">
            {t("notes.none")}
          </Text>
        ) : (
          friend.notes.map((note) => (
            <Paper key={note.id} withBorder p="sm" radius="md" data-testid="friend-note">
              <Text fz="sm" style={{ whiteSpace: "pre-wrap" }}>
                {note.body}
              </Text>
              <Text fz="xs" c="dimmed" mt={4}>
                {note.staffEmail ?? t("notes.unknownAuthor")} ·{" "}
                {formatDateTime(note.createdAt, language)}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
    </Section>
  );
}
