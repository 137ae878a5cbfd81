import { MAX_QUICK_REPLY_ITEMS, type QuickReplyItem } from "@kizuna/core/messages";
import { Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ActionEditor, QUICK_REPLY_ACTIONS } from "./ActionEditor.tsx";
import { newQuickReplyItem } from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";
import { FieldProblems, useFieldProps } from "./FieldErrors.tsx";
import { ListControls } from "./ListControls.tsx";

const optional = (value: string) => (value === "" ? undefined : value);

/** The quick reply buttons under a message (at most 13; LINE shows the last message's). */
export function QuickReplyEditor({
  items,
  onChange,
  field,
}: {
  items: QuickReplyItem[];
  /** An empty list removes the quick reply. */
  onChange: (items: QuickReplyItem[]) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Stack gap={6}>
      <FieldProblems field={field} />
      <FieldProblems field={`${field}.items`} />
      {items.map((item, i) => {
        const at = `${field}.items.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: LINE objects carry no ids; the inputs are controlled and keep no state
          <Paper key={i} withBorder p="xs">
            <Stack gap={6}>
              <ActionEditor
                action={item.action}
                onChange={(action) => onChange(replaceAt(items, i, { ...item, action }))}
                field={`${at}.action`}
                types={QUICK_REPLY_ACTIONS}
                extra={
                  <ListControls
                    index={i}
                    count={items.length}
                    onMove={(by) => onChange(move(items, i, by))}
                    onRemove={() => onChange(removeAt(items, i))}
                  />
                }
              />
              <TextInput
                label={t("quickReply.imageUrl")}
                placeholder="https://"
                value={item.imageUrl ?? ""}
                onChange={(event) =>
                  onChange(
                    replaceAt(items, i, { ...item, imageUrl: optional(event.currentTarget.value) }),
                  )
                }
                {...props(`${at}.imageUrl`)}
              />
              <FieldProblems field={at} />
            </Stack>
          </Paper>
        );
      })}
      <Group justify="space-between">
        <Button
          variant="light"
          size="compact-sm"
          disabled={items.length >= MAX_QUICK_REPLY_ITEMS}
          onClick={() => onChange([...items, newQuickReplyItem()])}
        >
          {t("quickReply.add")}
        </Button>
        <Text fz="xs" c="dimmed">
          {t("quickReply.count", { count: items.length, max: MAX_QUICK_REPLY_ITEMS })}
        </Text>
      </Group>
    </Stack>
  );
}
