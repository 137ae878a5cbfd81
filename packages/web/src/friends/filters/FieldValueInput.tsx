import type { CustomFieldType } from "@kizuna/core/friends";
import { MultiSelect, Select, TextInput } from "@mantine/core";
import type { FieldDraftValue } from "../fieldValues.ts";

/**
 * An input that suits a field's type: free text, a number, a calendar day, one choice or
 * several. Values stay text until sent, so that the server's message names what is wrong.
 */
export function FieldValueInput({
  type,
  choices,
  value,
  onChange,
  label,
  placeholder,
  error,
  testId,
  size = "sm",
}: {
  type: CustomFieldType;
  choices: readonly string[] | null;
  value: FieldDraftValue;
  onChange: (value: FieldDraftValue) => void;
  label?: string;
  placeholder?: string;
  error?: string | undefined;
  testId?: string;
  size?: "xs" | "sm";
}) {
  const text = Array.isArray(value) ? value.join(",") : value;
  switch (type) {
    case "text":
    case "number":
      return (
        <TextInput
          size={size}
          label={label}
          placeholder={placeholder}
          inputMode={type === "number" ? "decimal" : undefined}
          value={text}
          error={error}
          onChange={(event) => onChange(event.currentTarget.value)}
          data-testid={testId}
        />
      );
    case "date":
      return (
        <TextInput
          size={size}
          type="date"
          label={label}
          value={text}
          error={error}
          onChange={(event) => onChange(event.currentTarget.value)}
          data-testid={testId}
        />
      );
    case "single_choice":
      return (
        <Select
          size={size}
          label={label}
          placeholder={placeholder}
          data={[...(choices ?? [])]}
          value={text || null}
          clearable
          error={error}
          onChange={(choice) => onChange(choice ?? "")}
          data-testid={testId}
        />
      );
    case "multi_choice":
      return (
        <MultiSelect
          size={size}
          label={label}
          placeholder={placeholder}
          data={[...(choices ?? [])]}
          value={Array.isArray(value) ? value : []}
          error={error}
          onChange={onChange}
          data-testid={testId}
        />
      );
    default:
      return type satisfies never;
  }
}
