import type { Message, QuickReplyItem } from "@kizuna/core/messages";
import { Badge, Button, Card, Collapse, Group, Stack, Switch, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { kindOf } from "./defaults.ts";
import { FieldProblems } from "./FieldErrors.tsx";
import { FlexEditor } from "./FlexEditor.tsx";
import { ImagemapEditor } from "./ImagemapEditor.tsx";
import { JsonEditor } from "./JsonEditor.tsx";
import { ListControls } from "./ListControls.tsx";
import {
  AudioEditor,
  CouponEditor,
  LocationEditor,
  MediaEditor,
  StickerEditor,
} from "./MediaEditors.tsx";
import { QuickReplyEditor } from "./QuickReplyEditor.tsx";
import { TemplateEditor } from "./TemplateEditor.tsx";
import { TextEditor } from "./TextEditor.tsx";

/** One message of the send: its editor (or its JSON), its quick reply, and its place in the list. */
export function MessageCard({
  message,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  asJson,
  onAsJson,
  problemCount,
  channelId,
}: {
  message: Message;
  index: number;
  count: number;
  onChange: (message: Message) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  asJson: boolean;
  onAsJson: (asJson: boolean) => void;
  problemCount: number;
  channelId: string;
}) {
  const { t } = useTranslation("composer");
  const field = String(index);
  const items = message.quickReply?.items ?? [];
  const [quickReplyOpen, setQuickReplyOpen] = useState(items.length > 0);
  const setItems = (next: QuickReplyItem[]) => {
    const { quickReply: _, ...rest } = message;
    onChange(
      next.length > 0 ? ({ ...rest, quickReply: { items: next } } as Message) : (rest as Message),
    );
  };

  return (
    <Card withBorder padding="sm" data-testid="composer-message" data-message-index={index}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={700}>{t("message.number", { number: index + 1 })}</Text>
            <Badge variant="light">{t(`kinds.${kindOf(message)}`)}</Badge>
            {problemCount > 0 && (
              <Badge color="red" variant="filled" data-testid="message-problem-count">
                {t("message.problems", { count: problemCount })}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Switch
              size="xs"
              label={t("message.asJson")}
              checked={asJson}
              onChange={(event) => onAsJson(event.currentTarget.checked)}
            />
            <ListControls
              index={index}
              count={count}
              onMove={onMove}
              onRemove={onRemove}
              testId={`message-${index}`}
            />
          </Group>
        </Group>
        <FieldProblems field={field} />
        {asJson ? (
          <JsonEditor
            label={t("message.json")}
            description={t("message.jsonHint")}
            value={message}
            onChange={(value) => onChange(value as Message)}
            field={`${field}.json`}
            minRows={10}
          />
        ) : (
          <>
            <MessageEditor
              message={message}
              onChange={onChange}
              field={field}
              channelId={channelId}
            />
            <Stack gap={6}>
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setQuickReplyOpen((open) => !open)}
                  data-testid={`quick-reply-toggle-${index}`}
                >
                  {t("quickReply.title", { count: items.length })}
                </Button>
              </Group>
              <Collapse expanded={quickReplyOpen}>
                <QuickReplyEditor items={items} onChange={setItems} field={`${field}.quickReply`} />
              </Collapse>
            </Stack>
          </>
        )}
      </Stack>
    </Card>
  );
}

function MessageEditor({
  message,
  onChange,
  field,
  channelId,
}: {
  message: Message;
  onChange: (message: Message) => void;
  field: string;
  channelId: string;
}) {
  switch (message.type) {
    case "text":
    case "textV2":
      return (
        <TextEditor message={message} onChange={onChange} field={field} channelId={channelId} />
      );
    case "sticker":
      return <StickerEditor message={message} onChange={onChange} field={field} />;
    case "image":
    case "video":
      return <MediaEditor message={message} onChange={onChange} field={field} />;
    case "audio":
      return <AudioEditor message={message} onChange={onChange} field={field} />;
    case "location":
      return <LocationEditor message={message} onChange={onChange} field={field} />;
    case "imagemap":
      return <ImagemapEditor message={message} onChange={onChange} field={field} />;
    case "template":
      return <TemplateEditor message={message} onChange={onChange} field={field} />;
    case "flex":
      return <FlexEditor message={message} onChange={onChange} field={field} />;
    case "coupon":
      return <CouponEditor message={message} onChange={onChange} field={field} />;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
}
