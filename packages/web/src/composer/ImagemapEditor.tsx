import type { ImagemapAction, ImagemapMessage } from "@kizuna/core/messages";
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { newImagemapAction } from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";
import { FieldProblems, useFieldProps } from "./FieldErrors.tsx";
import { ListControls } from "./ListControls.tsx";

/** LINE allows up to 50 tappable areas on an imagemap. */
const MAX_AREAS = 50;
const asNumber = (value: number | string) => value as number;

/** An imagemap: the base image (1040 px wide) and its tappable areas. */
export function ImagemapEditor({
  message,
  onChange,
  field,
}: {
  message: ImagemapMessage;
  onChange: (message: ImagemapMessage) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const setActions = (actions: ImagemapAction[]) => onChange({ ...message, actions });
  return (
    <Stack gap={6}>
      <TextInput
        label={t("imagemap.baseUrl")}
        description={t("imagemap.baseUrlHint")}
        placeholder="https://"
        value={message.baseUrl}
        onChange={(event) => onChange({ ...message, baseUrl: event.currentTarget.value })}
        {...props(`${field}.baseUrl`)}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t("altText")}
          description={t("altTextHint")}
          value={message.altText}
          onChange={(event) => onChange({ ...message, altText: event.currentTarget.value })}
          {...props(`${field}.altText`)}
        />
        <NumberInput
          label={t("imagemap.baseHeight")}
          description={t("imagemap.heightHint")}
          min={1}
          value={message.baseSize.height}
          onChange={(value) =>
            onChange({ ...message, baseSize: { ...message.baseSize, height: asNumber(value) } })
          }
          {...props(`${field}.baseSize.height`)}
        />
      </Group>
      <Text fw={600} fz="sm" mt="xs">
        {t("imagemap.areas")}
      </Text>
      <FieldProblems field={`${field}.actions`} />
      {message.actions.map((action, i) => {
        const at = `${field}.actions.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: LINE objects carry no ids; the inputs are controlled and keep no state
          <Paper key={i} withBorder p="xs" data-area={at}>
            <Stack gap={6}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <NativeSelect
                  label={t("action.type")}
                  data={(["uri", "message", "clipboard"] as const).map((type) => ({
                    value: type,
                    label: t(`action.types.${type}`),
                  }))}
                  value={action.type}
                  onChange={(event) =>
                    setActions(
                      replaceAt(
                        message.actions,
                        i,
                        retype(action, event.currentTarget.value as ImagemapAction["type"]),
                      ),
                    )
                  }
                  w={170}
                  {...props(`${at}.type`)}
                />
                <ActionTarget
                  action={action}
                  onChange={(next) => setActions(replaceAt(message.actions, i, next))}
                  field={at}
                />
                <ListControls
                  index={i}
                  count={message.actions.length}
                  onMove={(by) => setActions(move(message.actions, i, by))}
                  onRemove={() => setActions(removeAt(message.actions, i))}
                />
              </Group>
              <Group grow align="flex-start">
                {(["x", "y", "width", "height"] as const).map((key) => (
                  <NumberInput
                    key={key}
                    label={t(`imagemap.${key}`)}
                    min={0}
                    value={action.area[key]}
                    onChange={(value) =>
                      setActions(
                        replaceAt(message.actions, i, {
                          ...action,
                          area: { ...action.area, [key]: asNumber(value) },
                        }),
                      )
                    }
                    {...props(`${at}.area.${key}`)}
                  />
                ))}
              </Group>
              <FieldProblems field={at} />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="compact-sm"
          disabled={message.actions.length >= MAX_AREAS}
          onClick={() => setActions([...message.actions, newImagemapAction()])}
        >
          {t("imagemap.addArea")}
        </Button>
      </Group>
    </Stack>
  );
}

function retype(action: ImagemapAction, type: ImagemapAction["type"]): ImagemapAction {
  const common = { area: action.area, ...(action.label ? { label: action.label } : {}) };
  switch (type) {
    case "uri":
      return { type, linkUri: "https://", ...common };
    case "message":
      return { type, text: "", ...common };
    case "clipboard":
      return { type, clipboardText: "", ...common };
    default: {
      const unknown: never = type;
      throw new Error(`unknown imagemap action ${String(unknown)}`);
    }
  }
}

function ActionTarget({
  action,
  onChange,
  field,
}: {
  action: ImagemapAction;
  onChange: (action: ImagemapAction) => void;
  field: string;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const style = { flex: 1 };
  switch (action.type) {
    case "uri":
      return (
        <TextInput
          label={t("action.uri")}
          value={action.linkUri}
          onChange={(event) => onChange({ ...action, linkUri: event.currentTarget.value })}
          style={style}
          {...props(`${field}.linkUri`)}
        />
      );
    case "message":
      return (
        <TextInput
          label={t("action.text")}
          value={action.text}
          onChange={(event) => onChange({ ...action, text: event.currentTarget.value })}
          style={style}
          {...props(`${field}.text`)}
        />
      );
    case "clipboard":
      return (
        <TextInput
          label={t("action.clipboardText")}
          value={action.clipboardText}
          onChange={(event) => onChange({ ...action, clipboardText: event.currentTarget.value })}
          style={style}
          {...props(`${field}.clipboardText`)}
        />
      );
    default: {
      const unknown: never = action;
      throw new Error(`unknown imagemap action ${JSON.stringify(unknown)}`);
    }
  }
}
