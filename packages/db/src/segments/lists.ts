import { type Kysely, sql } from "kysely";
import type { Actor } from "../audit/audit-log.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { AudienceListIdKind, DB } from "../schema.ts";
import { type DeleteUnreferencedResult, deleteUnreferenced } from "./delete-unreferenced.ts";

/** An uploaded id list: a static audience that segments name with a `list` condition. */
export interface AudienceList {
  id: string;
  channelId: string;
  name: string;
  idKind: AudienceListIdKind;
  fileName: string | null;
  status: "uploading" | "ready" | "failed";
  entries: number;
  /** Friends of the channel the list names now (members who linked since count too). */
  matchedFriends: number;
  rejectedRows: number;
  rejections: ListRejection[];
  createdAt: Date;
}

/** A row of the file that is not an id of the list's kind. */
export interface ListRejection {
  line: number;
  value: string;
  reason: "invalid_line_user_id" | "invalid_external_id" | "malformed_csv";
}

export type CreateListResult = { ok: true; id: string } | { ok: false; code: "name_taken" };

export async function createAudienceList(
  db: Kysely<DB>,
  list: {
    channelId: string;
    name: string;
    idKind: AudienceListIdKind;
    fileName: string | null;
    createdBy: string | null;
  },
): Promise<CreateListResult> {
  const row = await db
    .insertInto("audience_lists")
    .values({
      channel_id: list.channelId,
      name: list.name,
      id_kind: list.idKind,
      file_name: list.fileName,
      status: "uploading",
      rejections: "[]",
      created_by: list.createdBy,
    })
    .onConflict((oc) => oc.columns(["channel_id", "name"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ? { ok: true, id: row.id } : { ok: false, code: "name_taken" };
}

/** Adds a batch of ids in one statement; an id already in the list is kept once. */
export async function addAudienceListEntries(
  db: Kysely<DB>,
  listId: string,
  values: readonly string[],
): Promise<void> {
  if (values.length === 0) return;
  await sql`
    INSERT INTO audience_list_entries (list_id, value)
    SELECT ${listId}::uuid, v FROM unnest(${[...values]}::text[]) AS v
    ON CONFLICT DO NOTHING`.execute(db);
}

/** Marks the upload complete: the list counts its distinct ids and keeps the refused rows. */
export async function finishAudienceList(
  db: Kysely<DB>,
  listId: string,
  result: { rejectedRows: number; rejections: readonly ListRejection[]; actor: Actor },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("audience_lists")
      .set({
        status: "ready",
        entries: sql<number>`(SELECT count(*)::int FROM audience_list_entries WHERE list_id = ${listId})`,
        rejected_rows: result.rejectedRows,
        rejections: JSON.stringify(result.rejections),
      })
      .where("id", "=", listId)
      .returning(["channel_id", "entries"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: result.actor,
      action: "audience_list.uploaded",
      targetType: "audience_list",
      targetId: listId,
      detail: { channelId: row.channel_id, entries: row.entries, rejected: result.rejectedRows },
    });
  });
}

/** Drops an upload that failed part-way: its entries go with it. */
export async function discardAudienceList(db: Kysely<DB>, listId: string): Promise<void> {
  await db.deleteFrom("audience_lists").where("id", "=", listId).execute();
}

export async function listAudienceLists(
  db: Kysely<DB>,
  channelId: string,
  listId?: string,
): Promise<AudienceList[]> {
  const rows = await db
    .selectFrom("audience_lists as l")
    .select([
      "l.id",
      "l.channel_id",
      "l.name",
      "l.id_kind",
      "l.file_name",
      "l.status",
      "l.entries",
      "l.rejected_rows",
      "l.rejections",
      "l.created_at",
    ])
    .select(
      sql<number>`CASE l.id_kind
        WHEN 'line_user_id' THEN (
          SELECT count(*)::int FROM friends f JOIN audience_list_entries a
            ON a.list_id = l.id AND a.value = f.line_user_id
          WHERE f.channel_id = l.channel_id)
        ELSE (
          SELECT count(*)::int FROM audience_list_entries a
            JOIN members m ON m.external_id = a.value
            JOIN friends f ON f.member_id = m.id AND f.channel_id = l.channel_id
          WHERE a.list_id = l.id)
        END`.as("matched_friends"),
    )
    .where("l.channel_id", "=", channelId)
    .where("l.status", "=", "ready")
    .$if(listId !== undefined, (q) => q.where("l.id", "=", listId!))
    .orderBy("l.created_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    idKind: row.id_kind,
    fileName: row.file_name,
    status: row.status,
    entries: row.entries,
    matchedFriends: row.matched_friends,
    rejectedRows: row.rejected_rows,
    rejections: row.rejections as ListRejection[],
    createdAt: row.created_at,
  }));
}

export type ListDeleteResult = DeleteUnreferencedResult;

/** Deletes a list no saved segment names. */
export function deleteAudienceList(
  db: Kysely<DB>,
  channelId: string,
  listId: string,
  actor: Actor,
): Promise<ListDeleteResult> {
  return deleteUnreferenced(db, { table: "audience_lists", channelId, id: listId, actor });
}
