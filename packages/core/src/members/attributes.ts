import { z } from "zod";
import { halfWidth, type Parsed, parseBoolean, parseDay, parseNumber } from "./normalize.ts";

export const MEMBER_ATTRIBUTE_TYPES = ["text", "number", "date", "boolean", "choice"] as const;
export type MemberAttributeType = (typeof MEMBER_ATTRIBUTE_TYPES)[number];

export const ATTRIBUTE_TEXT_MAX_LENGTH = 1000;
export const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A further member attribute, defined by staff: its values live in `members.attributes`. */
export interface MemberAttributeDefinition {
  key: string;
  label: string;
  type: MemberAttributeType;
  choices: readonly string[] | null;
}

export const memberAttributeCreateSchema = z
  .object({
    key: z
      .string()
      .regex(ATTRIBUTE_KEY, "key: lower-case letters, digits and _, starting with a letter"),
    label: z.string().trim().min(1).max(100),
    type: z.enum(MEMBER_ATTRIBUTE_TYPES),
    choices: z
      .array(z.string().trim().min(1).max(100))
      .min(1)
      .max(100)
      .refine((choices) => new Set(choices).size === choices.length, "choices must be unique")
      .optional(),
  })
  .refine((attribute) => (attribute.type === "choice") === (attribute.choices !== undefined), {
    message: "choices are required for the choice type, and only for it",
    path: ["choices"],
  });
export type MemberAttributeCreate = z.infer<typeof memberAttributeCreateSchema>;

/** An attribute value as stored in jsonb: dates as `YYYY-MM-DD` strings. */
export type AttributeValue = string | number | boolean;

/** A CSV cell (non-empty) read as the attribute's type. */
export function parseAttributeText(
  definition: MemberAttributeDefinition,
  text: string,
): Parsed<AttributeValue> {
  switch (definition.type) {
    case "text": {
      const value = text.trim();
      return value.length > ATTRIBUTE_TEXT_MAX_LENGTH
        ? { ok: false, code: "too_long" }
        : { ok: true, value };
    }
    case "number":
      return parseNumber(text);
    case "date":
      return parseDay(text);
    case "boolean":
      return parseBoolean(text);
    case "choice":
      return choiceOf(definition, text);
    default: {
      const never: never = definition.type;
      throw new Error(`unknown attribute type ${String(never)}`);
    }
  }
}

/** A JSON value sent through the API, checked against the attribute's type. */
export function parseAttributeJson(
  definition: MemberAttributeDefinition,
  value: unknown,
): Parsed<AttributeValue> {
  switch (definition.type) {
    case "text":
    case "choice":
    case "date":
      return typeof value === "string"
        ? parseAttributeText(definition, value)
        : { ok: false, code: "invalid_type" };
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, code: "invalid_type" };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false, code: "invalid_type" };
    default: {
      const never: never = definition.type;
      throw new Error(`unknown attribute type ${String(never)}`);
    }
  }
}

function choiceOf(definition: MemberAttributeDefinition, text: string): Parsed<string> {
  const written = halfWidth(text);
  const choice = definition.choices?.find((candidate) => halfWidth(candidate) === written);
  return choice === undefined ? { ok: false, code: "invalid_choice" } : { ok: true, value: choice };
}
