import { z } from "zod";

export const CUSTOM_FIELD_TYPES = [
  "text",
  "number",
  "date",
  "single_choice",
  "multi_choice",
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const isChoiceType = (type: CustomFieldType) =>
  type === "single_choice" || type === "multi_choice";

export const FIELD_TEXT_MAX_LENGTH = 1000;
const CHOICE_MAX = 100;

const choicesSchema = z
  .array(z.string().trim().min(1).max(100))
  .min(1)
  .max(CHOICE_MAX)
  .refine((choices) => new Set(choices).size === choices.length, "choices must be unique");

/** A new custom field, as staff define it in settings. */
export const customFieldCreateSchema = z
  .object({
    key: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        "key: lower-case letters, digits and _, starting with a letter",
      ),
    label: z.string().trim().min(1).max(100),
    type: z.enum(CUSTOM_FIELD_TYPES),
    choices: choicesSchema.optional(),
  })
  .refine((field) => isChoiceType(field.type) === (field.choices !== undefined), {
    message: "choices are required for single_choice and multi_choice, and only for them",
    path: ["choices"],
  });
export type CustomFieldCreate = z.infer<typeof customFieldCreateSchema>;

/** The key and the type stay: templates name the key, and values are stored by type. */
export const customFieldUpdateSchema = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  choices: choicesSchema.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CustomFieldUpdate = z.infer<typeof customFieldUpdateSchema>;

/** What a value is checked against. */
export interface FieldDefinition {
  label: string;
  type: CustomFieldType;
  choices: readonly string[] | null;
}

/** A value that passed its field's checks, in the form it is stored. */
export type FieldValue =
  | { type: "text"; text: string }
  /** A decimal in canonical text form, so no precision is lost on the way to `numeric`. */
  | { type: "number"; number: string }
  /** A calendar day, `YYYY-MM-DD`. */
  | { type: "date"; date: string }
  | { type: "single_choice"; choice: string }
  | { type: "multi_choice"; choices: string[] };

/** A value as the API and forms send it: `null` clears the field. */
export type FieldValueInput = string | number | string[] | null;
export const fieldValueInputSchema = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.null(),
]);

export type FieldValueResult =
  | { ok: true; value: FieldValue | null }
  | { ok: false; message: string };

const NUMBER = /^-?\d{1,15}(\.\d{1,6})?$/;

/** A number field's value: up to 15 digits before the point and 6 after, in canonical form. */
export function parseNumber(input: string | number): string | null {
  const text = typeof input === "number" ? String(input) : input.trim();
  if (!NUMBER.test(text)) return null;
  return canonicalNumber(text);
}

/** One spelling per number (`12.5`, not `012.50`), as `numeric` compares them. */
export function canonicalNumber(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const integer = whole.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  const text = decimals ? `${integer}.${decimals}` : integer;
  return negative && text !== "0" ? `-${text}` : text;
}

/** A date field's value: an existing calendar day written `YYYY-MM-DD`. */
export function parseDay(input: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real ? match[0] : null;
}

/** Checks a value against its field's type and choices; the message says what is wrong. */
export function parseFieldValue(field: FieldDefinition, input: FieldValueInput): FieldValueResult {
  if (input === null) return { ok: true, value: null };
  const fail = (expected: string): FieldValueResult => ({
    ok: false,
    message: `"${field.label}" expects ${expected}, got ${JSON.stringify(input)}`,
  });
  switch (field.type) {
    case "text": {
      if (typeof input !== "string") return fail("text");
      if (input.trim() === "") return fail("non-empty text (send null to clear)");
      if (input.length > FIELD_TEXT_MAX_LENGTH)
        return fail(`at most ${FIELD_TEXT_MAX_LENGTH} characters`);
      return { ok: true, value: { type: "text", text: input } };
    }
    case "number": {
      if (typeof input !== "string" && typeof input !== "number") return fail("a number");
      const number = parseNumber(input);
      if (number === null)
        return fail("a number (up to 15 digits before the decimal point and 6 after)");
      return { ok: true, value: { type: "number", number } };
    }
    case "date": {
      if (typeof input !== "string") return fail("a date (YYYY-MM-DD)");
      const date = parseDay(input);
      if (date === null) return fail("a date (YYYY-MM-DD)");
      return { ok: true, value: { type: "date", date } };
    }
    case "single_choice": {
      const choices = field.choices ?? [];
      if (typeof input !== "string" || !choices.includes(input))
        return fail(`one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
      return { ok: true, value: { type: "single_choice", choice: input } };
    }
    case "multi_choice": {
      const choices = field.choices ?? [];
      const list = typeof input === "string" ? [input] : input;
      if (!Array.isArray(list)) return fail("a list of choices");
      const unknown = list.filter((choice) => !choices.includes(choice));
      if (unknown.length > 0)
        return fail(`choices among ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
      if (list.length === 0) return { ok: true, value: null };
      // Stored in the order of the definition, once each: equal sets compare equal.
      return {
        ok: true,
        value: { type: "multi_choice", choices: choices.filter((c) => list.includes(c)) },
      };
    }
    default:
      return field.type satisfies never;
  }
}

/** A stored value as the API returns it. */
export function fieldValueOutput(value: FieldValue): string | number | string[] {
  switch (value.type) {
    case "text":
      return value.text;
    case "number":
      return Number(value.number);
    case "date":
      return value.date;
    case "single_choice":
      return value.choice;
    case "multi_choice":
      return value.choices;
    default:
      return value satisfies never;
  }
}
