import type { Action, ActionType } from "@kizuna/core/messages";
import { Group, NativeSelect, Stack, TextInput } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { retypeAction } from "./defaults.ts";
import { FieldProblems, useFieldProps } from "./FieldErrors.tsx";

/** Actions a template or Flex button may carry (REF#action-objects). */
export const MESSAGE_ACTIONS: readonly ActionType[] = [
  "message",
  "postback",
  "uri",
  "datetimepicker",
  "clipboard",
];
/** Quick reply buttons may also open the camera, the camera roll or the location picker. */
export const QUICK_REPLY_ACTIONS: readonly ActionType[] = [
  ...MESSAGE_ACTIONS,
  "camera",
  "cameraRoll",
  "location",
];

const optional = (value: string) => (value === "" ? undefined : value);

/** One action: its type, its label, and what the type needs. `field` is the action's field id. */
export function ActionEditor({
  action,
  onChange,
  field,
  types = MESSAGE_ACTIONS,
  extra,
}: {
  action: Action;
  onChange: (action: Action) => void;
  field: string;
  types?: readonly ActionType[];
  /** Controls beside the type (move, delete). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation("composer");
  const props = useFieldProps();
  const at = (key: string) => props(`${field}.${key}`);
  return (
    <Stack gap={6} data-action={field}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NativeSelect
          label={t("action.type")}
          data={types.map((type) => ({ value: type, label: t(`action.types.${type}`) }))}
          value={action.type}
          onChange={(event) =>
            onChange(retypeAction(action, event.currentTarget.value as ActionType))
          }
          w={170}
          {...at("type")}
        />
        <TextInput
          label={t("action.label")}
          value={action.label ?? ""}
          onChange={(event) => onChange({ ...action, label: event.currentTarget.value })}
          style={{ flex: 1 }}
          {...at("label")}
        />
        {extra}
      </Group>
      <ActionDetails action={action} onChange={onChange} at={at} />
      <FieldProblems field={field} />
    </Stack>
  );
}

function ActionDetails({
  action,
  onChange,
  at,
}: {
  action: Action;
  onChange: (action: Action) => void;
  at: (key: string) => ReturnType<ReturnType<typeof useFieldProps>>;
}) {
  const { t } = useTranslation("composer");
  switch (action.type) {
    case "message":
      return (
        <TextInput
          label={t("action.text")}
          description={t("action.textHint")}
          value={action.text}
          onChange={(event) => onChange({ ...action, text: event.currentTarget.value })}
          {...at("text")}
        />
      );
    case "postback":
      return (
        <Group grow align="flex-start">
          <TextInput
            label={t("action.data")}
            description={t("action.dataHint")}
            value={action.data}
            onChange={(event) => onChange({ ...action, data: event.currentTarget.value })}
            {...at("data")}
          />
          <TextInput
            label={t("action.displayText")}
            description={t("action.displayTextHint")}
            value={action.displayText ?? ""}
            onChange={(event) =>
              onChange({ ...action, displayText: optional(event.currentTarget.value) })
            }
            {...at("displayText")}
          />
        </Group>
      );
    case "uri":
      return (
        <TextInput
          label={t("action.uri")}
          value={action.uri}
          onChange={(event) => onChange({ ...action, uri: event.currentTarget.value })}
          {...at("uri")}
        />
      );
    case "datetimepicker":
      return (
        <Stack gap={6}>
          <Group grow align="flex-start">
            <TextInput
              label={t("action.data")}
              value={action.data}
              onChange={(event) => onChange({ ...action, data: event.currentTarget.value })}
              {...at("data")}
            />
            <NativeSelect
              label={t("action.mode")}
              data={(["date", "time", "datetime"] as const).map((mode) => ({
                value: mode,
                label: t(`action.modes.${mode}`),
              }))}
              value={action.mode}
              onChange={(event) =>
                onChange({
                  ...action,
                  mode: event.currentTarget.value as typeof action.mode,
                })
              }
              {...at("mode")}
            />
          </Group>
          <Group grow align="flex-start">
            {(["initial", "min", "max"] as const).map((key) => (
              <TextInput
                key={key}
                label={t(`action.${key}`)}
                placeholder={PICKER_PLACEHOLDERS[action.mode]}
                value={action[key] ?? ""}
                onChange={(event) =>
                  onChange({ ...action, [key]: optional(event.currentTarget.value) })
                }
                {...at(key)}
              />
            ))}
          </Group>
        </Stack>
      );
    case "clipboard":
      return (
        <TextInput
          label={t("action.clipboardText")}
          value={action.clipboardText}
          onChange={(event) => onChange({ ...action, clipboardText: event.currentTarget.value })}
          {...at("clipboardText")}
        />
      );
    case "camera":
    case "cameraRoll":
    case "location":
      return null;
    default: {
      const unknown: never = action;
      throw new Error(`unknown action ${JSON.stringify(unknown)}`);
    }
  }
}

const PICKER_PLACEHOLDERS = {
  date: "2025-12-24",
  time: "10:00",
  datetime: "2025-12-24T10:00",
} as const;
