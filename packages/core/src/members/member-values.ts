import {
  type AttributeValue,
  type MemberAttributeDefinition,
  parseAttributeJson,
} from "./attributes.ts";
import {
  type MemberField,
  type MemberInput,
  type MemberUpsert,
  type MemberValues,
  NAME_MAX_LENGTH,
  RANK_MAX_LENGTH,
} from "./member.ts";
import {
  normalizeEmail,
  normalizeName,
  normalizePhone,
  type Parsed,
  parseDay,
  parseGender,
  parsePoints,
  parsePrefecture,
} from "./normalize.ts";
import { type RowError, rowError } from "./row-errors.ts";

/** Birthdays before this are taken for typing mistakes. */
export const BIRTHDAY_MIN = "1900-01-01";

function limited(text: string, max: number): Parsed<string> {
  return text.length > max ? { ok: false, code: "too_long" } : { ok: true, value: text };
}

type FieldParsers = {
  [F in MemberField]: (text: string, today: string) => Parsed<NonNullable<MemberValues[F]>>;
};

/** Reads a non-empty text as a member field, in its stored form. */
export const FIELD_PARSERS: FieldParsers = {
  email: normalizeEmail,
  phone: normalizePhone,
  name: (text) => limited(normalizeName(text), NAME_MAX_LENGTH),
  birthday: (text, today) => parseDay(text, BIRTHDAY_MIN, today),
  gender: parseGender,
  prefecture: parsePrefecture,
  rank: (text) => limited(normalizeName(text), RANK_MAX_LENGTH),
  points: parsePoints,
};

export type MemberCheck = { ok: true; member: MemberUpsert } | { ok: false; errors: RowError[] };

/**
 * A member sent through the public API (shape already checked by `memberInputSchema`),
 * normalized like a CSV row and checked against the attribute definitions.
 */
export function memberFromInput(
  externalId: string,
  input: MemberInput,
  definitions: ReadonlyMap<string, MemberAttributeDefinition>,
  today: string,
): MemberCheck {
  const errors: RowError[] = [];
  const fields: Partial<Record<MemberField, unknown>> = {};
  for (const field of Object.keys(FIELD_PARSERS) as MemberField[]) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null || typeof value === "number") {
      fields[field] = value;
      continue;
    }
    if (value.trim() === "") {
      fields[field] = null;
      continue;
    }
    const parsed = FIELD_PARSERS[field](value, today);
    if (parsed.ok) fields[field] = parsed.value;
    else errors.push(rowError(parsed.code, field));
  }
  const attributes: Record<string, AttributeValue | null> = {};
  for (const [key, value] of Object.entries(input.attributes ?? {})) {
    const definition = definitions.get(key);
    if (!definition) {
      errors.push(rowError("unknown_attribute", `attributes.${key}`));
      continue;
    }
    if (value === null) {
      attributes[key] = null;
      continue;
    }
    const parsed = parseAttributeJson(definition, value);
    if (parsed.ok) attributes[key] = parsed.value;
    else errors.push(rowError(parsed.code, `attributes.${key}`));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, member: { externalId, fields: fields as Partial<MemberValues>, attributes } };
}
