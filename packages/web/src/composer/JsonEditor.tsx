import { Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "./FieldErrors.tsx";

/**
 * JSON typed by hand (Flex contents, a whole message). What parses is passed on at once; what
 * does not stays in the box with its own error until it does.
 */
export function JsonEditor({
  label,
  description,
  value,
  onChange,
  field,
  minRows = 8,
}: {
  label: string;
  description?: string;
  value: unknown;
  onChange: (value: unknown) => void;
  field: string;
  minRows?: number;
}) {
  const { t } = useTranslation("composer");
  const errorOf = useFieldErrors();
  const formatted = JSON.stringify(value, null, 2);
  // The text being typed, while it does not parse or differs only in layout from `value`.
  const [draft, setDraft] = useState<{ text: string; from: string } | null>(null);
  const text = draft && draft.from === formatted ? draft.text : formatted;
  const unparsable = draft !== null && draft.from === formatted && parse(draft.text) === undefined;

  return (
    <Textarea
      label={label}
      description={description}
      autosize
      minRows={minRows}
      maxRows={30}
      spellCheck={false}
      styles={{
        input: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 12 },
      }}
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        const parsed = parse(next);
        if (parsed === undefined) {
          setDraft({ text: next, from: formatted });
          return;
        }
        const from = JSON.stringify(parsed.value, null, 2);
        setDraft({ text: next, from });
        onChange(parsed.value);
      }}
      error={unparsable ? t("json.unparsable") : errorOf(field)}
      data-field={field}
      errorProps={{ "data-error-for": field }}
    />
  );
}

function parse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
