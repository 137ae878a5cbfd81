import type { FlexMessage } from "@kizuna/core/messages";
import { Anchor, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFieldProps } from "./FieldErrors.tsx";
import { JsonEditor } from "./JsonEditor.tsx";

/** A Flex message: alt text and the bubble or carousel as JSON; the preview draws it. */
export function FlexEditor({
  message,
  onChange,
  field,
}: {
  message: FlexMessage;
  onChange: (message: FlexMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  return (
    <Stack gap={6}>
      <TextInput
        label={t("altText")}
        description={t("altTextHint")}
        value={message.altText}
        onChange={(event) => onChange({ ...message, altText: event.currentTarget.value })}
        {...props(`${field}.altText`)}
      />
      <JsonEditor
        label={t("flex.contents")}
        value={message.contents}
        onChange={(contents) =>
          onChange({ ...message, contents: contents as FlexMessage["contents"] })
        }
        field={`${field}.contents`}
        minRows={14}
      />
      <Text fz="xs" c="dimmed">
        {t("flex.hint")}{" "}
        <Anchor
          href="https://developers.line.biz/flex-simulator/"
          target="_blank"
          rel="noreferrer"
          fz="xs"
        >
          Flex Message Simulator
        </Anchor>
      </Text>
    </Stack>
  );
}
