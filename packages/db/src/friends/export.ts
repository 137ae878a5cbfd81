import type { FieldValue } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB, FriendStatus } from "../schema.ts";
import { type CustomField, fieldValueOf } from "./custom-fields.ts";
import { friendFilterCondition, type ResolvedFriendFilter } from "./filter.ts";
import { type FriendCursor, withoutParallelWorkers } from "./friends.ts";

/** How the export writes what is not a plain string; the server chooses per language. */
export interface CsvFormat {
  headers: {
    lineUserId: string;
    displayName: string;
    status: string;
    followedAt: string;
    blockedAt: string;
    tags: string;
    memberExternalId: string;
    route: string;
  };
  status: Record<FriendStatus, string>;
  time(at: Date): string;
}

export interface FriendExport {
  filter: ResolvedFriendFilter;
  /** The channel's fields, one column each, in this order. */
  fields: readonly CustomField[];
  format: CsvFormat;
  /** Friends read per query. */
  batchSize?: number;
  /** Told the number of friends in each batch written. */
  onBatch?: (friends: number) => void;
}

/** Between values of one cell (tags, choices). */
const LIST_SEPARATOR = ", ";

/**
 * The friends matching a filter as CSV, in UTF-8 with a byte order mark (so that Excel
 * reads Japanese correctly) and CRLF line ends: the header, then one chunk per batch. Each
 * batch is one keyset query, so the export holds one batch in memory however many friends
 * match, and no connection between batches. Friends who follow during the export may be
 * included or not; none is written twice.
 */
export async function* friendsCsv(db: Kysely<DB>, spec: FriendExport): AsyncGenerator<string> {
  const { headers } = spec.format;
  yield `\uFEFF${csvLine([
    headers.lineUserId,
    headers.displayName,
    headers.status,
    headers.followedAt,
    headers.blockedAt,
    headers.tags,
    ...spec.fields.map((field) => field.label),
    headers.memberExternalId,
    headers.route,
  ])}`;
  const batchSize = spec.batchSize ?? 1000;
  const condition = friendFilterCondition(spec.filter);
  let cursor: FriendCursor | undefined;
  for (;;) {
    const after = cursor;
    const { rows, tags, values } = await withoutParallelWorkers(db, async (trx) => {
      let query = trx
        .selectFrom("friends")
        .leftJoin("members", "members.id", "friends.member_id")
        .leftJoin("inflow_routes", "inflow_routes.id", "friends.inflow_route_id")
        .select([
          "friends.id",
          "friends.line_user_id",
          "friends.display_name",
          "friends.status",
          "friends.followed_at",
          "friends.blocked_at",
          "members.external_id",
          "inflow_routes.name as route_name",
        ])
        .where(condition);
      if (after)
        query = query.where(
          sql<boolean>`(friends.followed_at, friends.id) < (${after.followedAt}, ${after.id}::bigint)`,
        );
      const rows = await query
        .orderBy("friends.followed_at", "desc")
        .orderBy("friends.id", "desc")
        .limit(batchSize)
        .execute();
      const ids = rows.map((row) => row.id);
      return {
        rows,
        tags: await tagNamesOf(trx, ids),
        values: await fieldCellsOf(trx, ids, spec.fields),
      };
    });
    if (rows.length === 0) return;
    spec.onBatch?.(rows.length);
    yield rows
      .map((row) =>
        csvLine([
          row.line_user_id,
          text(row.display_name),
          spec.format.status[row.status],
          spec.format.time(row.followed_at),
          row.blocked_at ? spec.format.time(row.blocked_at) : "",
          text(tags.get(row.id)?.join(LIST_SEPARATOR) ?? ""),
          ...spec.fields.map((field) => values.get(`${row.id}:${field.id}`) ?? ""),
          text(row.external_id),
          text(row.route_name),
        ]),
      )
      .join("");
    const last = rows.at(-1)!;
    cursor = { followedAt: last.followed_at, id: last.id };
    if (rows.length < batchSize) return;
  }
}

async function tagNamesOf(db: Kysely<DB>, friendIds: string[]): Promise<Map<string, string[]>> {
  if (friendIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("friend_tags")
    .innerJoin("tags", "tags.id", "friend_tags.tag_id")
    .select(["friend_tags.friend_id", "tags.name"])
    .where("friend_tags.friend_id", "in", friendIds)
    .orderBy("tags.name")
    .execute();
  const names = new Map<string, string[]>();
  for (const row of rows) names.set(row.friend_id, [...(names.get(row.friend_id) ?? []), row.name]);
  return names;
}

/** Each friend's value of each field as a cell, keyed `friendId:fieldId`. */
async function fieldCellsOf(
  db: Kysely<DB>,
  friendIds: string[],
  fields: readonly CustomField[],
): Promise<Map<string, string>> {
  const cells = new Map<string, string>();
  if (fields.length === 0 || friendIds.length === 0) return cells;
  const types = new Map(fields.map((field) => [field.id, field.type]));
  const rows = await db
    .selectFrom("friend_field_values")
    .select(["friend_id", "field_id", "value_text", "value_number", "value_date", "value_choices"])
    .where("friend_id", "in", friendIds)
    .execute();
  for (const row of rows) {
    const type = types.get(row.field_id);
    const value = type && fieldValueOf(type, row);
    if (!value) continue;
    cells.set(`${row.friend_id}:${row.field_id}`, fieldCell(value));
  }
  return cells;
}

function fieldCell(value: FieldValue): string {
  switch (value.type) {
    case "text":
      return text(value.text);
    case "single_choice":
      return text(value.choice);
    case "multi_choice":
      return text(value.choices.join(LIST_SEPARATOR));
    case "number":
      return value.number;
    case "date":
      return value.date;
    default:
      return value satisfies never;
  }
}

/**
 * Text that friends or staff wrote. A cell starting with = + - @ would be run as a
 * formula by Excel (CSV injection): a leading apostrophe makes it plain text.
 */
function text(value: string | null): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
