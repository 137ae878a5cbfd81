import {
  type CustomFieldCreate,
  type CustomFieldType,
  type CustomFieldUpdate,
  canonicalNumber,
  type FieldDefinition,
  type FieldValue,
  fieldValueOutput,
} from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";
import { recordTimeline } from "./timeline.ts";

export interface CustomField extends FieldDefinition {
  id: string;
  key: string;
  position: number;
  createdAt: Date;
}

const FIELD_COLUMNS = ["id", "key", "label", "type", "choices", "position", "created_at"] as const;

export async function listCustomFields(db: Kysely<DB>, channelId: string): Promise<CustomField[]> {
  const rows = await db
    .selectFrom("custom_fields")
    .select(FIELD_COLUMNS)
    .where("channel_id", "=", channelId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  return rows.map(fieldOf);
}

export async function findCustomField(
  db: Kysely<DB>,
  channelId: string,
  fieldId: string,
): Promise<CustomField | null> {
  const row = await db
    .selectFrom("custom_fields")
    .select(FIELD_COLUMNS)
    .where("channel_id", "=", channelId)
    .where("id", "=", fieldId)
    .executeTakeFirst();
  return row ? fieldOf(row) : null;
}

export type FieldChange =
  | { ok: true; field: CustomField }
  | { ok: false; code: "field_not_found" | "field_key_taken" }
  | { ok: false; code: "choice_in_use"; choices: string[] };

export async function createCustomField(
  db: Kysely<DB>,
  input: CustomFieldCreate & { channelId: string; actor: Actor },
): Promise<FieldChange> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("custom_fields")
      .values({
        channel_id: input.channelId,
        key: input.key,
        label: input.label,
        type: input.type,
        choices: input.choices ?? null,
        // New fields go last.
        position: sql<number>`(SELECT coalesce(max(position) + 1, 0) FROM custom_fields WHERE channel_id = ${input.channelId})`,
      })
      .onConflict((conflict) => conflict.columns(["channel_id", "key"]).doNothing())
      .returning(FIELD_COLUMNS)
      .executeTakeFirst();
    if (!row) return { ok: false, code: "field_key_taken" } as const;
    await recordAudit(trx, {
      actor: input.actor,
      action: "custom_field.created",
      targetType: "custom_field",
      targetId: row.id,
      detail: { key: row.key, type: row.type },
    });
    return { ok: true, field: fieldOf(row) } as const;
  });
}

/**
 * Renames, reorders or changes the choices of a field. A choice that friends hold cannot
 * be taken away: their values would no longer be valid.
 */
export async function updateCustomField(
  db: Kysely<DB>,
  input: CustomFieldUpdate & { channelId: string; fieldId: string; actor: Actor },
): Promise<FieldChange> {
  return db.transaction().execute(async (trx) => {
    const field = await trx
      .selectFrom("custom_fields")
      .select(FIELD_COLUMNS)
      .where("channel_id", "=", input.channelId)
      .where("id", "=", input.fieldId)
      .forUpdate()
      .executeTakeFirst();
    if (!field) return { ok: false, code: "field_not_found" } as const;
    if (input.choices && field.choices) {
      const dropped = field.choices.filter((choice) => !input.choices?.includes(choice));
      const inUse = dropped.length === 0 ? [] : await choicesInUse(trx, field.id, dropped);
      if (inUse.length > 0) return { ok: false, code: "choice_in_use", choices: inUse } as const;
    }
    const row = await trx
      .updateTable("custom_fields")
      .set({
        ...(input.label === undefined ? {} : { label: input.label }),
        ...(input.choices === undefined || !field.choices ? {} : { choices: input.choices }),
        ...(input.position === undefined ? {} : { position: input.position }),
      })
      .where("id", "=", field.id)
      .returning(FIELD_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: input.actor,
      action: "custom_field.updated",
      targetType: "custom_field",
      targetId: row.id,
    });
    return { ok: true, field: fieldOf(row) } as const;
  });
}

async function choicesInUse(db: Kysely<DB>, fieldId: string, choices: string[]): Promise<string[]> {
  const rows = await sql<{ choice: string }>`
    SELECT c.choice FROM unnest(${choices}::text[]) AS c(choice)
    WHERE EXISTS (
      SELECT 1 FROM friend_field_values v
      WHERE v.field_id = ${fieldId}
        AND (v.value_text = c.choice OR c.choice = ANY(v.value_choices)))`.execute(db);
  return rows.rows.map((row) => row.choice);
}

/** Deletes a field and, by cascade, every friend's value of it. */
export async function deleteCustomField(
  db: Kysely<DB>,
  input: { channelId: string; fieldId: string; actor: Actor },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom("custom_fields")
      .where("id", "=", input.fieldId)
      .where("channel_id", "=", input.channelId)
      .returning(["id", "key"])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, {
      actor: input.actor,
      action: "custom_field.deleted",
      targetType: "custom_field",
      targetId: row.id,
      detail: { key: row.key },
    });
    return true;
  });
}

interface ValueColumns {
  value_text: string | null;
  value_number: string | null;
  value_date: string | null;
  value_choices: string[] | null;
}

/** Where a value is stored: one typed column per kind; single choices as text. */
export function fieldValueColumns(value: FieldValue): ValueColumns {
  const none = { value_text: null, value_number: null, value_date: null, value_choices: null };
  switch (value.type) {
    case "text":
      return { ...none, value_text: value.text };
    case "single_choice":
      return { ...none, value_text: value.choice };
    case "number":
      return { ...none, value_number: value.number };
    case "date":
      return { ...none, value_date: value.date };
    case "multi_choice":
      return { ...none, value_choices: value.choices };
    default:
      return value satisfies never;
  }
}

/** A stored value, read back as its field's type. */
export function fieldValueOf(type: CustomFieldType, row: ValueColumns): FieldValue | null {
  switch (type) {
    case "text":
      return row.value_text === null ? null : { type, text: row.value_text };
    case "single_choice":
      return row.value_text === null ? null : { type, choice: row.value_text };
    case "number":
      // numeric reads back with its scale ("12.50"); the canonical form has no trailing zeros.
      return row.value_number === null ? null : { type, number: canonicalNumber(row.value_number) };
    case "date":
      return row.value_date === null ? null : { type, date: row.value_date };
    case "multi_choice":
      return row.value_choices === null ? null : { type, choices: row.value_choices };
    default:
      return type satisfies never;
  }
}

export interface FriendFieldValue {
  fieldId: string;
  key: string;
  label: string;
  type: CustomFieldType;
  value: FieldValue;
  updatedAt: Date;
}

export async function listFriendFieldValues(
  db: Kysely<DB>,
  friendId: string,
): Promise<FriendFieldValue[]> {
  const rows = await db
    .selectFrom("friend_field_values as v")
    .innerJoin("custom_fields as f", "f.id", "v.field_id")
    .select([
      "f.id",
      "f.key",
      "f.label",
      "f.type",
      "v.value_text",
      "v.value_number",
      "v.value_date",
      "v.value_choices",
      "v.updated_at",
    ])
    .where("v.friend_id", "=", friendId)
    .orderBy("f.position")
    .orderBy("f.created_at")
    .execute();
  return rows.flatMap((row) => {
    const value = fieldValueOf(row.type, row);
    return value
      ? [
          {
            fieldId: row.id,
            key: row.key,
            label: row.label,
            type: row.type,
            value,
            updatedAt: row.updated_at,
          },
        ]
      : [];
  });
}

export interface FieldValueChange {
  channelId: string;
  friendId: string;
  /** Checked values (parseFieldValue) of the channel's fields; null clears. */
  values: readonly { field: CustomField; value: FieldValue | null }[];
  actor: Actor;
}

/**
 * Sets one friend's field values in the caller's transaction. Values equal to the stored
 * ones change nothing; each real change is written to the timeline with before and after.
 * Returns the ids of the fields that changed.
 */
export async function setFriendFieldValues(
  db: Kysely<DB>,
  change: FieldValueChange,
): Promise<string[]> {
  if (change.values.length === 0) return [];
  const current = await db
    .selectFrom("friend_field_values")
    .select(["field_id", "value_text", "value_number", "value_date", "value_choices"])
    .where("friend_id", "=", change.friendId)
    .where(
      "field_id",
      "in",
      change.values.map((entry) => entry.field.id),
    )
    .execute();
  const before = new Map(current.map((row) => [row.field_id, row]));
  const changed: { field: CustomField; from: FieldValue | null; to: FieldValue | null }[] = [];
  for (const { field, value } of change.values) {
    const stored = before.get(field.id);
    const from = stored ? fieldValueOf(field.type, stored) : null;
    if (JSON.stringify(from) === JSON.stringify(value)) continue;
    changed.push({ field, from, to: value });
  }
  const upserts = changed.flatMap(({ field, to }) => (to ? [{ field, to }] : []));
  const cleared = changed.filter(({ to }) => to === null).map(({ field }) => field.id);
  if (upserts.length > 0)
    await db
      .insertInto("friend_field_values")
      .values(
        upserts.map(({ field, to }) => ({
          friend_id: change.friendId,
          field_id: field.id,
          ...fieldValueColumns(to),
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(["friend_id", "field_id"]).doUpdateSet((eb) => ({
          value_text: eb.ref("excluded.value_text"),
          value_number: eb.ref("excluded.value_number"),
          value_date: eb.ref("excluded.value_date"),
          value_choices: eb.ref("excluded.value_choices"),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  if (cleared.length > 0)
    await db
      .deleteFrom("friend_field_values")
      .where("friend_id", "=", change.friendId)
      .where("field_id", "in", cleared)
      .execute();
  await recordTimeline(
    db,
    changed.map(({ field, from, to }) => ({
      channelId: change.channelId,
      friendId: change.friendId,
      kind: "field_changed",
      actor: change.actor,
      detail: fieldChangeDetail(field, from, to),
    })),
  );
  return changed.map(({ field }) => field.id);
}

/** What the timeline keeps of a field change: the field as it was named, before and after. */
export function fieldChangeDetail(
  field: { id: string; key: string; label: string },
  from: FieldValue | null,
  to: FieldValue | null,
) {
  return {
    fieldId: field.id,
    key: field.key,
    label: field.label,
    from: from && fieldValueOutput(from),
    to: to && fieldValueOutput(to),
  };
}

function fieldOf(row: {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  choices: string[] | null;
  position: number;
  created_at: Date;
}): CustomField {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type,
    choices: row.choices,
    position: row.position,
    createdAt: row.created_at,
  };
}
