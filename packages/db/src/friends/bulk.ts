import { type FieldValue, fieldValueOutput } from "@kizuna/core";
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";
import { type CustomField, fieldValueColumns } from "./custom-fields.ts";
import { friendFilterCondition, type ResolvedFriendFilter } from "./filter.ts";

/** The friends a bulk edit applies to: all that match a filter, or a hand-picked few of them. */
export interface BulkSelection {
  filter: ResolvedFriendFilter;
  friendIds?: readonly string[] | undefined;
}

export type BulkOperation =
  /** Tags of the filter's channel (check with unknownTagIds first). */
  | { kind: "add_tags"; tagIds: readonly string[] }
  | { kind: "remove_tags"; tagIds: readonly string[] }
  /** A checked value (parseFieldValue) of one of the channel's fields; null clears it. */
  | { kind: "set_field"; field: CustomField; value: FieldValue | null };

export interface BulkEdit {
  selection: BulkSelection;
  operation: BulkOperation;
  actor: Actor;
}

/**
 * Applies one edit to every selected friend in one statement, which also writes each
 * changed friend's timeline; one audit entry records the count. All of it commits or
 * none of it does. Returns how many friends changed (those that already had the tag or
 * value are not counted).
 */
export async function bulkEditFriends(
  db: Kysely<DB>,
  edit: BulkEdit,
): Promise<{ changed: number }> {
  const { selection, operation, actor } = edit;
  const channelId = selection.filter.channelId;
  const selected = selectionCondition(selection);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    let statement: RawBuilder<{ changed: number }>;
    switch (operation.kind) {
      case "add_tags":
        statement = addTags(channelId, selected, operation.tagIds, actor, now);
        break;
      case "remove_tags":
        statement = removeTags(channelId, selected, operation.tagIds, actor, now);
        break;
      case "set_field":
        statement =
          operation.value === null
            ? clearField(channelId, selected, operation.field, actor, now)
            : setField(channelId, selected, operation.field, operation.value, actor, now);
        break;
      default:
        return operation satisfies never;
    }
    const result = await statement.execute(trx);
    const changed = Number(result.rows[0]?.changed ?? 0);
    await recordAudit(trx, {
      actor,
      action: auditAction(operation),
      targetType: "channel",
      targetId: channelId,
      detail: {
        changed,
        selection: selection.friendIds ? "friend_ids" : "filter",
        ...(operation.kind === "set_field"
          ? { fieldId: operation.field.id }
          : { tagIds: operation.tagIds }),
      },
    });
    return { changed };
  });
}

function auditAction(operation: BulkOperation): string {
  switch (operation.kind) {
    case "add_tags":
      return "friends.tags_added";
    case "remove_tags":
      return "friends.tags_removed";
    case "set_field":
      return operation.value === null ? "friends.field_cleared" : "friends.field_set";
    default:
      return operation satisfies never;
  }
}

function selectionCondition(selection: BulkSelection): Expression<SqlBool> {
  const filter = friendFilterCondition(selection.filter);
  if (!selection.friendIds) return filter;
  return sql<SqlBool>`(${filter} AND friends.id = ANY(${selection.friendIds}::bigint[]))`;
}

function addTags(
  channelId: string,
  selected: Expression<SqlBool>,
  tagIds: readonly string[],
  actor: Actor,
  now: Date,
) {
  return sql<{ changed: number }>`
    WITH added AS (
      INSERT INTO friend_tags (friend_id, tag_id, tagged_at)
      SELECT friends.id, tags.id, ${now}::timestamptz
      FROM friends CROSS JOIN tags
      WHERE tags.channel_id = ${channelId} AND tags.id = ANY(${tagIds}::uuid[]) AND ${selected}
      ON CONFLICT (friend_id, tag_id) DO NOTHING
      RETURNING friend_id, tag_id
    ), timeline AS (
      INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
      SELECT ${channelId}::uuid, added.friend_id, ${now}::timestamptz, 'tag_added', ${actor},
             jsonb_build_object('tagId', tags.id, 'tagName', tags.name, 'bulk', true)
      FROM added JOIN tags ON tags.id = added.tag_id
    )
    SELECT count(DISTINCT friend_id)::int AS changed FROM added`;
}

function removeTags(
  channelId: string,
  selected: Expression<SqlBool>,
  tagIds: readonly string[],
  actor: Actor,
  now: Date,
) {
  return sql<{ changed: number }>`
    WITH removed AS (
      DELETE FROM friend_tags USING friends
      WHERE friend_tags.friend_id = friends.id AND friend_tags.tag_id = ANY(${tagIds}::uuid[])
        AND ${selected}
      RETURNING friend_tags.friend_id, friend_tags.tag_id
    ), timeline AS (
      INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
      SELECT ${channelId}::uuid, removed.friend_id, ${now}::timestamptz, 'tag_removed', ${actor},
             jsonb_build_object('tagId', tags.id, 'tagName', tags.name, 'bulk', true)
      FROM removed JOIN tags ON tags.id = removed.tag_id
    )
    SELECT count(DISTINCT friend_id)::int AS changed FROM removed`;
}

/** The stored column of a field's type, as JSON for the timeline's before and after. */
function storedJson(field: CustomField, alias: string): RawBuilder<unknown> {
  switch (field.type) {
    case "text":
    case "single_choice":
      return sql`to_jsonb(${sql.ref(`${alias}.value_text`)})`;
    case "number":
      return sql`to_jsonb(${sql.ref(`${alias}.value_number`)})`;
    case "date":
      return sql`to_jsonb(${sql.ref(`${alias}.value_date`)})`;
    case "multi_choice":
      return sql`to_jsonb(${sql.ref(`${alias}.value_choices`)})`;
    default:
      return field.type satisfies never;
  }
}

function setField(
  channelId: string,
  selected: Expression<SqlBool>,
  field: CustomField,
  value: FieldValue,
  actor: Actor,
  now: Date,
) {
  const columns = fieldValueColumns(value);
  // Every sub-statement sees the table as it was before the statement, so `before` holds
  // the old values of the rows that `written` overwrites.
  return sql<{ changed: number }>`
    WITH target AS (
      SELECT friends.id FROM friends WHERE ${selected}
    ), before AS (
      SELECT fv.friend_id, fv.value_text, fv.value_number, fv.value_date, fv.value_choices
      FROM friend_field_values fv JOIN target ON target.id = fv.friend_id
      WHERE fv.field_id = ${field.id}
    ), written AS (
      INSERT INTO friend_field_values
        (friend_id, field_id, value_text, value_number, value_date, value_choices, updated_at)
      SELECT target.id, ${field.id}::uuid, ${columns.value_text}::text,
             ${columns.value_number}::numeric, ${columns.value_date}::date,
             ${columns.value_choices}::text[], ${now}::timestamptz
      FROM target
      ON CONFLICT (friend_id, field_id) DO UPDATE
        SET value_text = excluded.value_text, value_number = excluded.value_number,
            value_date = excluded.value_date, value_choices = excluded.value_choices,
            updated_at = excluded.updated_at
        WHERE (friend_field_values.value_text, friend_field_values.value_number,
               friend_field_values.value_date, friend_field_values.value_choices)
          IS DISTINCT FROM
              (excluded.value_text, excluded.value_number, excluded.value_date, excluded.value_choices)
      RETURNING friend_id
    ), timeline AS (
      INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
      SELECT ${channelId}::uuid, written.friend_id, ${now}::timestamptz, 'field_changed', ${actor},
             jsonb_build_object('fieldId', ${field.id}::text, 'key', ${field.key}::text,
               'label', ${field.label}::text, 'from', ${storedJson(field, "before")},
               'to', ${JSON.stringify(fieldValueOutput(value))}::jsonb, 'bulk', true)
      FROM written LEFT JOIN before ON before.friend_id = written.friend_id
    )
    SELECT count(*)::int AS changed FROM written`;
}

function clearField(
  channelId: string,
  selected: Expression<SqlBool>,
  field: CustomField,
  actor: Actor,
  now: Date,
) {
  return sql<{ changed: number }>`
    WITH cleared AS (
      DELETE FROM friend_field_values fv USING friends
      WHERE fv.friend_id = friends.id AND fv.field_id = ${field.id} AND ${selected}
      RETURNING fv.friend_id, fv.value_text, fv.value_number, fv.value_date, fv.value_choices
    ), timeline AS (
      INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
      SELECT ${channelId}::uuid, cleared.friend_id, ${now}::timestamptz, 'field_changed', ${actor},
             jsonb_build_object('fieldId', ${field.id}::text, 'key', ${field.key}::text,
               'label', ${field.label}::text, 'from', ${storedJson(field, "cleared")},
               'to', NULL::jsonb, 'bulk', true)
      FROM cleared
    )
    SELECT count(*)::int AS changed FROM cleared`;
}
