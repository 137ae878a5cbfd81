import {
  ActionIcon,
  Alert,
  Button,
  ColorInput,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { errorMessageKey } from "../../api/errors.ts";
import {
  type TagWithCount,
  useDeleteTag,
  useSaveTag,
  useTagsWithCounts,
} from "../../api/friendData.ts";
import { PlusIcon } from "../../app/icons.tsx";
import { formatCount } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { TagBadge } from "../TagBadge.tsx";
import { ConfirmModal } from "./ConfirmModal.tsx";

const SWATCHES = ["#06c755", "#228be6", "#e64980", "#fd7e14", "#fab005", "#7950f2", "#868e96"];

export function TagsSettings({ channelId, canManage }: { channelId: string; canManage: boolean }) {
  const { t } = useTranslation("friendSettings");
  const language = useLanguage();
  const tags = useTagsWithCounts(channelId);
  const save = useSaveTag(channelId);
  const remove = useDeleteTag(channelId);
  const [name, setName] = useState("");
  const [color, setColor] = useState("");
  const [editing, setEditing] = useState<{ id: string; name: string; color: string } | null>(null);
  const [deleting, setDeleting] = useState<TagWithCount | null>(null);

  const errorOf = (error: unknown) =>
    error instanceof ApiError && error.code === "tag_name_taken"
      ? t("tags.taken")
      : error
        ? t(errorMessageKey(error))
        : undefined;

  return (
    <Stack gap="md">
      <Text fz="sm" c="dimmed">
        {t("tags.intro")}
      </Text>
      {canManage && (
        <Group
          align="flex-end"
          gap="sm"
          component="form"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(
              { name: name.trim(), color: color || null },
              {
                onSuccess: () => {
                  setName("");
                  setColor("");
                },
              },
            );
          }}
        >
          <TextInput
            flex="1 1 200px"
            label={t("tags.name")}
            placeholder={t("tags.namePlaceholder")}
            maxLength={50}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={editing ? undefined : errorOf(save.error)}
            data-testid="tag-name"
          />
          <ColorInput
            w={160}
            label={t("tags.color")}
            format="hex"
            swatches={SWATCHES}
            value={color}
            onChange={setColor}
          />
          <Button
            type="submit"
            leftSection={<PlusIcon size={16} />}
            disabled={name.trim() === ""}
            loading={save.isPending && !editing}
            data-testid="tag-create"
          >
            {t("tags.create")}
          </Button>
        </Group>
      )}
      {tags.isError && (
        <Alert color="red" variant="light">
          {t(errorMessageKey(tags.error))}
        </Alert>
      )}
      <Table verticalSpacing="sm" data-testid="tags-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("tags.name")}</Table.Th>
            <Table.Th ta="right">{t("tags.friends")}</Table.Th>
            {canManage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tags.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text fz="sm" c="dimmed" ta="center" py="md">
                  {t("tags.none")}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {tags.data?.map((tag) =>
            editing?.id === tag.id ? (
              <Table.Tr key={tag.id}>
                <Table.Td colSpan={3}>
                  <Group gap="xs">
                    <TextInput
                      size="xs"
                      flex={1}
                      aria-label={t("tags.name")}
                      value={editing.name}
                      maxLength={50}
                      onChange={(event) =>
                        setEditing({ ...editing, name: event.currentTarget.value })
                      }
                      error={errorOf(save.error)}
                    />
                    <ColorInput
                      size="xs"
                      w={140}
                      aria-label={t("tags.color")}
                      format="hex"
                      swatches={SWATCHES}
                      value={editing.color}
                      onChange={(next) => setEditing({ ...editing, color: next })}
                    />
                    <Button
                      size="xs"
                      loading={save.isPending}
                      disabled={editing.name.trim() === ""}
                      onClick={() =>
                        save.mutate(
                          { id: tag.id, name: editing.name.trim(), color: editing.color || null },
                          { onSuccess: () => setEditing(null) },
                        )
                      }
                    >
                      {t("tags.save")}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                      {t("tags.cancel")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ) : (
              <Table.Tr key={tag.id} data-testid="tag-row">
                <Table.Td>
                  <TagBadge tag={tag} size="md" />
                </Table.Td>
                <Table.Td ta="right">
                  <Text fz="sm">
                    {t("tags.count", { count: formatCount(tag.friendCount, language) })}
                  </Text>
                </Table.Td>
                {canManage && (
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => {
                          save.reset();
                          setEditing({ id: tag.id, name: tag.name, color: tag.color ?? "" });
                        }}
                      >
                        {t("tags.rename")}
                      </Button>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("tags.delete")}
                        onClick={() => setDeleting(tag)}
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
      <ConfirmModal
        opened={deleting !== null}
        message={
          deleting
            ? t("tags.confirmDelete", {
                name: deleting.name,
                count: formatCount(deleting.friendCount, language),
              })
            : ""
        }
        confirmLabel={t("tags.delete")}
        cancelLabel={t("tags.cancel")}
        loading={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
      />
    </Stack>
  );
}
