import type { FieldValueInput as FieldValueToSend } from "@kizuna/core/friends";
import { Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import { type FriendDetail, useCustomFields, useSetFriendFields } from "../../api/friendData.ts";
import { draftOf, type FieldDraftValue, inputOf } from "../fieldValues.ts";
import { FieldValueInput } from "../filters/FieldValueInput.tsx";
import { Section } from "./Section.tsx";

/**
 * Every field of the channel with this friend's value, editable; one save sends the
 * changed ones, and the server's message for a bad value shows under its field.
 */
export function FriendFieldsCard({
  channelId,
  friend,
}: {
  channelId: string;
  friend: FriendDetail;
}) {
  const { t } = useTranslation("friendDetail");
  const fields = useCustomFields(channelId);
  const save = useSetFriendFields(channelId, friend.id);
  const stored = new Map(friend.fields.map((field) => [field.fieldId, field.value]));
  const [drafts, setDrafts] = useState<Record<string, FieldDraftValue>>({});
  const [saved, setSaved] = useState(false);

  const list = fields.data ?? [];
  const changes: Record<string, FieldValueToSend> = {};
  for (const field of list) {
    const draft = drafts[field.id];
    if (draft === undefined) continue;
    const next = inputOf(field.type, draft);
    const before = inputOf(field.type, draftOf(field.type, stored.get(field.id)));
    if (JSON.stringify(next) !== JSON.stringify(before)) changes[field.id] = next;
  }
  const problems = new Map<string, string>();
  if (save.error instanceof ApiError && Array.isArray(save.error.details))
    for (const detail of save.error.details as { path: string; message: string }[])
      problems.set(detail.path.replace("/values/", ""), detail.message);

  return (
    <Section title={t("fields.title")} testId="friend-fields">
      {list.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t("fields.none")}
        </Text>
      ) : (
        <Stack gap="sm">
          {list.map((field) => (
            <FieldValueInput
              key={field.id}
              type={field.type}
              choices={field.choices}
              label={field.label}
              placeholder={t("fields.empty")}
              value={drafts[field.id] ?? draftOf(field.type, stored.get(field.id))}
              onChange={(value) => {
                setSaved(false);
                setDrafts((current) => ({ ...current, [field.id]: value }));
              }}
              error={problems.get(field.id)}
              testId={`friend-field-${field.key}`}
            />
          ))}
          <Group justify="flex-end" gap="sm">
            {saved && (
              <Text fz="sm" c="line.8">
                {t("fields.saved")}
              </Text>
            )}
            {save.isError && problems.size === 0 && (
              <Text fz="sm" c="red">
                {t(errorMessageKey(save.error))}
              </Text>
            )}
            <Button
              disabled={Object.keys(changes).length === 0}
              loading={save.isPending}
              onClick={() =>
                save.mutate(changes, {
                  onSuccess: () => {
                    setDrafts({});
                    setSaved(true);
                  },
                })
              }
              data-testid="friend-fields-save"
            >
              {t("fields.save")}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}
