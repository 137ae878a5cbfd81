import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import {
  type BulkOperation,
  type BulkSelection,
  type CustomField,
  type Tag,
  useBulkEdit,
} from "../../api/friendData.ts";
import { formatCount } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { type FieldDraftValue, formatFieldValue, inputOf } from "../fieldValues.ts";
import { FieldValueInput } from "../filters/FieldValueInput.tsx";

type Action = BulkOperation["kind"];

/**
 * Chooses one change for the selected friends, then asks to confirm it with the number of
 * friends it touches; the server applies it to all of them at once.
 */
export function BulkEditModal({
  channelId,
  opened,
  onClose,
  onDone,
  count,
  selection,
  tags,
  fields,
}: {
  channelId: string;
  opened: boolean;
  onClose: () => void;
  onDone: (changed: number) => void;
  count: number;
  selection: BulkSelection;
  tags: readonly Tag[];
  fields: readonly CustomField[];
}) {
  const { t } = useTranslation("friends");
  const language = useLanguage();
  const [action, setAction] = useState<Action>("add_tags");
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [fieldId, setFieldId] = useState<string | null>(null);
  const [value, setValue] = useState<FieldDraftValue>("");
  const [reviewing, setReviewing] = useState(false);
  const edit = useBulkEdit(channelId);
  const field = fields.find((f) => f.id === fieldId);

  const operation: BulkOperation | null =
    action === "set_field"
      ? field
        ? { kind: "set_field", fieldId: field.id, value: inputOf(field.type, value) }
        : null
      : tagIds.length > 0
        ? { kind: action, tagIds }
        : null;
  const people = formatCount(count, language);
  const chosenTags = tags.filter((tag) => tagIds.includes(tag.id)).map((tag) => tag.name);
  // 「VIP」「セール」 in Japanese, "VIP", "Sale" in English.
  const tagNames =
    language === "ja"
      ? chosenTags.map((name) => `「${name}」`).join("")
      : chosenTags.map((name) => `"${name}"`).join(", ");
  const summary =
    operation?.kind === "add_tags"
      ? t("bulk.confirmAddTags", { count: people, tags: tagNames })
      : operation?.kind === "remove_tags"
        ? t("bulk.confirmRemoveTags", { count: people, tags: tagNames })
        : operation?.kind === "set_field" && field
          ? operation.value === null
            ? t("bulk.confirmClearField", { count: people, field: field.label })
            : t("bulk.confirmSetField", {
                count: people,
                field: field.label,
                value: formatFieldValue(operation.value, language),
              })
          : "";

  const close = () => {
    setReviewing(false);
    edit.reset();
    onClose();
  };
  const serverMessage =
    edit.error instanceof ApiError && edit.error.status === 400 ? edit.error.message : null;

  return (
    <Modal opened={opened} onClose={close} title={t("bulk.title", { count: people })} size="lg">
      {reviewing && operation ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" data-testid="bulk-confirm-summary">
            <Text fz="sm" fw={600}>
              {summary}
            </Text>
            <Text fz="xs" c="dimmed" mt={4}>
              {t("bulk.confirmNote")}
            </Text>
          </Alert>
          {edit.isError && (
            <Alert color="red" variant="light">
              {serverMessage ?? t(errorMessageKey(edit.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReviewing(false)}>
              {t("bulk.back")}
            </Button>
            <Button
              loading={edit.isPending}
              onClick={() =>
                edit.mutate(
                  { selection, operation },
                  {
                    onSuccess: (result) => {
                      onDone(result.changed);
                      close();
                    },
                  },
                )
              }
              data-testid="bulk-run"
            >
              {t("bulk.run")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <SegmentedControl
            value={action}
            onChange={(next) => setAction(next as Action)}
            data={[
              { value: "add_tags", label: t("bulk.addTags") },
              { value: "remove_tags", label: t("bulk.removeTags") },
              { value: "set_field", label: t("bulk.setField") },
            ]}
            data-testid="bulk-action"
          />
          {action === "set_field" ? (
            <>
              <Select
                label={t("bulk.field")}
                data={fields.map((f) => ({ value: f.id, label: f.label }))}
                value={fieldId}
                onChange={(next) => {
                  setFieldId(next);
                  setValue("");
                }}
                nothingFoundMessage={t("conditions.noFields")}
                data-testid="bulk-field"
              />
              {field && (
                <FieldValueInput
                  type={field.type}
                  choices={field.choices}
                  value={value}
                  onChange={setValue}
                  label={t("bulk.value")}
                  placeholder={t("bulk.clearValue")}
                  testId="bulk-value"
                />
              )}
            </>
          ) : (
            <MultiSelect
              label={t("bulk.tags")}
              data={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
              value={tagIds}
              onChange={setTagIds}
              searchable
              nothingFoundMessage={t("conditions.noTags")}
              data-testid="bulk-tags"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("bulk.cancel")}
            </Button>
            <Button
              disabled={!operation}
              onClick={() => setReviewing(true)}
              data-testid="bulk-review"
            >
              {t("bulk.review")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
