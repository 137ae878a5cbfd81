import type { TextMessage, TextV2Message } from "@kizuna/core/messages";
import { Button, Group, Menu, Stack, Text, Textarea } from "@mantine/core";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useCustomFields } from "../api/friendData.ts";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useFieldProps } from "./FieldErrors.tsx";
import { JsonEditor } from "./JsonEditor.tsx";
import { insertAt, TEXT_MAX, variableToken } from "./text.ts";

const EMOJIS = [
  "😊",
  "😄",
  "🎉",
  "🎁",
  "✨",
  "🙏",
  "👍",
  "❤️",
  "📢",
  "🛒",
  "⏰",
  "🌸",
  "🍀",
  "☕",
  "💡",
  "📅",
];

/** A text message: the text, with the personalisation variables and emoji to insert. */
export function TextEditor({
  message,
  onChange,
  field,
  channelId,
}: {
  message: TextMessage | TextV2Message;
  onChange: (message: TextMessage | TextV2Message) => void;
  field: string;
  channelId: string;
}) {
  const { t } = useTranslation("composer");
  const language = useLanguage();
  const props = useFieldProps();
  const fields = useCustomFields(channelId);
  const input = useRef<HTMLTextAreaElement>(null);

  const insert = (token: string) => {
    const element = input.current;
    const at = element?.selectionStart ?? message.text.length;
    const { text, caret } = insertAt(message.text, at, element?.selectionEnd ?? at, token);
    onChange({ ...message, text });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  };

  const variables = [
    { token: variableToken("name"), label: t("text.variables.name") },
    { token: variableToken("member.name"), label: t("text.variables.memberName") },
    { token: variableToken("member.points"), label: t("text.variables.memberPoints") },
    // The page's address is the marketer's to complete: the placeholder is refused until then.
    { token: variableToken("login_url:https://"), label: t("text.variables.loginUrl") },
    ...(fields.data ?? []).map((f) => ({ token: variableToken(`field.${f.key}`), label: f.label })),
  ];

  return (
    <Stack gap={6}>
      <Textarea
        ref={input}
        label={t("text.label")}
        description={
          message.type === "text"
            ? t("text.hint", { example: "{{name|お客様}}" })
            : t("textV2.hint")
        }
        autosize
        minRows={3}
        maxRows={14}
        value={message.text}
        onChange={(event) => onChange({ ...message, text: event.currentTarget.value })}
        {...props(`${field}.text`)}
      />
      <Group justify="space-between">
        <Group gap="xs">
          {message.type === "text" && (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button variant="light" size="compact-sm" data-testid="insert-variable">
                  {t("text.insertVariable")}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {variables.map((v) => (
                  <Menu.Item
                    key={v.token}
                    onClick={() => insert(v.token)}
                    rightSection={
                      <Text fz="xs" c="dimmed">
                        {v.token}
                      </Text>
                    }
                  >
                    {v.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button variant="light" size="compact-sm">
                {t("text.insertEmoji")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Group gap={2} maw={220} p={4}>
                {EMOJIS.map((emoji) => (
                  <Button
                    key={emoji}
                    variant="subtle"
                    size="compact-md"
                    onClick={() => insert(emoji)}
                  >
                    {emoji}
                  </Button>
                ))}
              </Group>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Text fz="xs" c="dimmed">
          {t("text.counter", {
            count: formatCount(message.text.length, language),
            max: formatCount(TEXT_MAX, language),
          })}
        </Text>
      </Group>
      {message.type === "text" && message.text.includes("{{login_url:") && (
        <Text fz="xs" c="dimmed" data-testid="login-url-hint">
          {t("text.loginUrlHint")}
        </Text>
      )}
      {message.type === "textV2" && (
        <JsonEditor
          label={t("textV2.substitution")}
          value={message.substitution ?? {}}
          onChange={(substitution) =>
            onChange({ ...message, substitution: substitution as TextV2Message["substitution"] })
          }
          field={`${field}.substitution`}
          minRows={4}
        />
      )}
    </Stack>
  );
}
