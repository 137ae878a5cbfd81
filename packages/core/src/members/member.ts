import { z } from "zod";
import type { AttributeValue } from "./attributes.ts";
import { GENDERS, type Gender, POINTS_MAX } from "./normalize.ts";

export const EXTERNAL_ID_MAX_LENGTH = 100;
export const NAME_MAX_LENGTH = 200;
export const RANK_MAX_LENGTH = 50;
/** The most members one API request writes (one statement). */
export const MEMBER_BATCH_MAX = 1000;

/** The member fields besides the external id, in the order the UI lists them. */
export const MEMBER_FIELDS = [
  "email",
  "phone",
  "name",
  "birthday",
  "gender",
  "prefecture",
  "rank",
  "points",
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export interface MemberValues {
  email: string | null;
  phone: string | null;
  name: string | null;
  /** `YYYY-MM-DD` */
  birthday: string | null;
  gender: Gender | null;
  prefecture: string | null;
  rank: string | null;
  points: number | null;
}

/**
 * What one CSV row or API item asks to write, already normalized. Fields absent are left
 * as they are and `null` clears one; attributes likewise, key by key.
 */
export interface MemberUpsert {
  externalId: string;
  fields: Partial<MemberValues>;
  attributes: Record<string, AttributeValue | null>;
}

/** A member as the APIs return it. */
export interface Member extends MemberValues {
  id: string;
  externalId: string;
  attributes: Record<string, AttributeValue>;
  createdAt: string;
  updatedAt: string;
}

export type UpsertOutcome = "created" | "updated" | "unchanged";

const externalId = z
  .string()
  .trim()
  .min(1)
  .max(EXTERNAL_ID_MAX_LENGTH)
  .describe("The company's own member id (会員番号), unique.");

const attributeValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A member as the public API receives it. The shape is checked here; values are then
 * normalized and checked against attribute definitions by `memberFromInput`.
 */
export const memberInputSchema = z
  .object({
    email: z.string().max(320).nullable().optional().describe("Stored lower-cased and trimmed."),
    phone: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .describe("Japanese numbers are stored as domestic digits: +81 90-1234-5678 → 09012345678."),
    name: z.string().max(400).nullable().optional(),
    birthday: z.string().max(40).nullable().optional().describe("YYYY-MM-DD"),
    gender: z.enum(GENDERS).nullable().optional(),
    prefecture: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .describe("東京都, 東京, Tokyo or the JIS code 13; stored as 東京都."),
    rank: z.string().max(RANK_MAX_LENGTH).nullable().optional(),
    points: z.number().int().min(0).max(POINTS_MAX).nullable().optional(),
    attributes: z
      .record(z.string(), attributeValue.nullable())
      .optional()
      .describe("Defined attributes by key; null removes one. Others are left as they are."),
  })
  .strict()
  .describe(
    "Fields left out are left as they are; null clears a field. The same rules apply to every write.",
  );
export type MemberInput = z.infer<typeof memberInputSchema>;

export const memberBatchItemSchema = memberInputSchema.extend({ externalId });
export type MemberBatchItem = z.infer<typeof memberBatchItemSchema>;

export const memberSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  birthday: z.string().nullable().describe("YYYY-MM-DD"),
  gender: z.enum(GENDERS).nullable(),
  prefecture: z.string().nullable(),
  rank: z.string().nullable(),
  points: z.number().int().nullable(),
  attributes: z.record(z.string(), attributeValue),
  createdAt: z.string().describe("ISO 8601"),
  updatedAt: z.string().describe("ISO 8601"),
});

export const externalIdSchema = externalId;

/** Today's date in Japan, `YYYY-MM-DD`: birthdays after it are refused. */
export function todayInJapan(now = new Date()): string {
  return new Date(now.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
