import { CUSTOM_FIELD_TYPES, type CustomFieldType, isChoiceType } from "@kizuna/core/friends";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import {
  type CustomField,
  useCreateCustomField,
  useCustomFields,
  useDeleteCustomField,
  useUpdateCustomField,
} from "../../api/friendData.ts";
import { PlusIcon } from "../../app/icons.tsx";
import { ConfirmModal } from "./ConfirmModal.tsx";

const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export function CustomFieldsSettings({
  channelId,
  canManage,
}: {
  channelId: string;
  canManage: boolean;
}) {
  const { t } = useTranslation("friendSettings");
  const fields = useCustomFields(channelId);
  const create = useCreateCustomField(channelId);
  const [label, setLabel] = useState("");
  const [key, setKey] = useState("");
  const [type, setType] = useState<CustomFieldType>("text");
  const [choices, setChoices] = useState("");
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const remove = useDeleteCustomField(channelId);

  const createError =
    create.error instanceof ApiError && create.error.code === "field_key_taken"
      ? t("fields.taken")
      : create.error instanceof ApiError && create.error.status === 400
        ? create.error.message
        : create.error
          ? t(errorMessageKey(create.error))
          : null;

  return (
    <Stack gap="md">
      <Text fz="sm" c="dimmed">
        {t("fields.intro")}
      </Text>
      {canManage && (
        <Paper withBorder p="md" radius="md">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate(
                {
                  key,
                  label: label.trim(),
                  type,
                  ...(isChoiceType(type) ? { choices: linesOf(choices) } : {}),
                },
                {
                  onSuccess: () => {
                    setLabel("");
                    setKey("");
                    setChoices("");
                  },
                },
              );
            }}
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t("fields.label")}
                placeholder={t("fields.labelPlaceholder")}
                maxLength={100}
                value={label}
                onChange={(event) => setLabel(event.currentTarget.value)}
                data-testid="field-label"
              />
              <TextInput
                label={t("fields.key")}
                placeholder={t("fields.keyPlaceholder")}
                description={t("fields.keyHint")}
                maxLength={40}
                value={key}
                onChange={(event) => setKey(event.currentTarget.value.toLowerCase())}
                data-testid="field-key"
              />
              <Select
                label={t("fields.type")}
                data={CUSTOM_FIELD_TYPES.map((value) => ({
                  value,
                  label: t(`fields.types.${value}`),
                }))}
                value={type}
                allowDeselect={false}
                onChange={(value) => value && setType(value as CustomFieldType)}
                data-testid="field-type"
              />
            </SimpleGrid>
            {isChoiceType(type) && (
              <Textarea
                mt="sm"
                label={t("fields.choices")}
                description={t("fields.choicesHint")}
                autosize
                minRows={3}
                value={choices}
                onChange={(event) => setChoices(event.currentTarget.value)}
                data-testid="field-choices"
              />
            )}
            {createError && (
              <Alert color="red" variant="light" mt="sm">
                {createError}
              </Alert>
            )}
            <Group justify="flex-end" mt="sm">
              <Button
                type="submit"
                leftSection={<PlusIcon size={16} />}
                disabled={label.trim() === "" || key === ""}
                loading={create.isPending}
                data-testid="field-create"
              >
                {t("fields.create")}
              </Button>
            </Group>
          </form>
        </Paper>
      )}
      {fields.data?.length === 0 && (
        <Text fz="sm" c="dimmed" ta="center" py="md">
          {t("fields.none")}
        </Text>
      )}
      {fields.data?.map((field) => (
        <FieldRow
          key={field.id}
          channelId={channelId}
          field={field}
          canManage={canManage}
          onDelete={() => setDeleting(field)}
        />
      ))}
      <ConfirmModal
        opened={deleting !== null}
        message={deleting ? t("fields.confirmDelete", { label: deleting.label }) : ""}
        confirmLabel={t("fields.delete")}
        cancelLabel={t("fields.cancel")}
        loading={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
      />
    </Stack>
  );
}

function FieldRow({
  channelId,
  field,
  canManage,
  onDelete,
}: {
  channelId: string;
  field: CustomField;
  canManage: boolean;
  onDelete: () => void;
}) {
  const { t } = useTranslation("friendSettings");
  const update = useUpdateCustomField(channelId);
  const [editing, setEditing] = useState<{ label: string; choices: string } | null>(null);
  const inUse =
    update.error instanceof ApiError && update.error.code === "choice_in_use"
      ? t("fields.choiceInUse", {
          choices: (
            (update.error.details as { choices?: string[] } | undefined)?.choices ?? []
          ).join("、"),
        })
      : update.error
        ? t(errorMessageKey(update.error))
        : null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="field-row">
      {editing ? (
        <Stack gap="xs">
          <TextInput
            size="xs"
            label={t("fields.label")}
            value={editing.label}
            maxLength={100}
            onChange={(event) => setEditing({ ...editing, label: event.currentTarget.value })}
          />
          {field.choices && (
            <Textarea
              size="xs"
              label={t("fields.choices")}
              description={t("fields.choicesHint")}
              autosize
              minRows={2}
              value={editing.choices}
              onChange={(event) => setEditing({ ...editing, choices: event.currentTarget.value })}
            />
          )}
          {inUse && (
            <Text fz="xs" c="red">
              {inUse}
            </Text>
          )}
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setEditing(null)}>
              {t("fields.cancel")}
            </Button>
            <Button
              size="xs"
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  {
                    id: field.id,
                    label: editing.label.trim(),
                    ...(field.choices ? { choices: linesOf(editing.choices) } : {}),
                  },
                  { onSuccess: () => setEditing(null) },
                )
              }
            >
              {t("fields.save")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={500} fz="sm">
                {field.label}
              </Text>
              <Badge variant="light" color="gray" size="sm">
                {t(`fields.types.${field.type}`)}
              </Badge>
              <Text ff="monospace" fz="xs" c="dimmed">
                {field.key}
              </Text>
            </Group>
            {field.choices && (
              <Text fz="xs" c="dimmed">
                {field.choices.join(" / ")}
              </Text>
            )}
          </Stack>
          {canManage && (
            <Group gap={4} wrap="nowrap">
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => {
                  update.reset();
                  setEditing({ label: field.label, choices: (field.choices ?? []).join("\n") });
                }}
              >
                {t("fields.edit")}
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" onClick={onDelete}>
                {t("fields.delete")}
              </Button>
            </Group>
          )}
        </Group>
      )}
    </Paper>
  );
}
