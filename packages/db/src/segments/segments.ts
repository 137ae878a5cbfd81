import {
  type CheckedNode,
  type SegmentDefinition,
  type SegmentProblem,
  segmentReferences,
} from "@kizuna/core/segments";
import { type Kysely, sql } from "kysely";
import type { Actor } from "../audit/audit-log.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";
import { checkSegmentDefinition, readStoredDefinition } from "./catalog.ts";
import { type DeleteUnreferencedResult, deleteUnreferenced } from "./delete-unreferenced.ts";

/** A saved segment as the admin API returns it. */
export interface SavedSegment {
  id: string;
  channelId: string;
  name: string;
  description: string | null;
  /** Null only for a definition written by a newer Kizuna than this one. */
  definition: SegmentDefinition | null;
  lastCount: number | null;
  lastCountMs: number | null;
  lastCountedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = [
  "id",
  "channel_id",
  "name",
  "description",
  "definition",
  "last_count",
  "last_count_ms",
  "last_counted_at",
  "created_at",
  "updated_at",
] as const;

type Row = {
  id: string;
  channel_id: string;
  name: string;
  description: string | null;
  definition: unknown;
  last_count: number | null;
  last_count_ms: number | null;
  last_counted_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function present(row: Row): SavedSegment {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    description: row.description,
    definition: readStoredDefinition(row.definition),
    lastCount: row.last_count,
    lastCountMs: row.last_count_ms,
    lastCountedAt: row.last_counted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listSegments(db: Kysely<DB>, channelId: string): Promise<SavedSegment[]> {
  const rows = await db
    .selectFrom("segments")
    .select(columns)
    .where("channel_id", "=", channelId)
    .orderBy("updated_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(present);
}

export async function findSegment(
  db: Kysely<DB>,
  channelId: string,
  segmentId: string,
): Promise<SavedSegment | null> {
  const row = await db
    .selectFrom("segments")
    .select(columns)
    .where("channel_id", "=", channelId)
    .where("id", "=", segmentId)
    .executeTakeFirst();
  return row ? present(row) : null;
}

export interface SegmentWrite {
  channelId: string;
  name: string;
  description: string | null;
  definition: SegmentDefinition;
  actor: Actor;
}

export type SegmentWriteResult =
  | { ok: true; segment: SavedSegment; root: CheckedNode }
  | { ok: false; code: "invalid_definition"; problems: SegmentProblem[] }
  | { ok: false; code: "name_taken" }
  | { ok: false; code: "not_found" };

/**
 * Saves a new segment, or changes one (`segmentId`). The definition is checked in the same
 * transaction, under a lock per channel, so that two segments saved at once cannot come to
 * refer to each other (a cycle neither check would see).
 */
export async function saveSegment(
  db: Kysely<DB>,
  write: SegmentWrite,
  segmentId?: string,
): Promise<SegmentWriteResult> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('kizuna_segments'), hashtext(${write.channelId}))`.execute(
      trx,
    );
    if (segmentId) {
      const existing = await trx
        .selectFrom("segments")
        .select("id")
        .where("channel_id", "=", write.channelId)
        .where("id", "=", segmentId)
        .forUpdate()
        .executeTakeFirst();
      if (!existing) return { ok: false, code: "not_found" } as const;
    }
    const checked = await checkSegmentDefinition(trx, write.channelId, write.definition, {
      ...(segmentId ? { self: { id: segmentId, name: write.name } } : {}),
    });
    if (!checked.ok)
      return { ok: false, code: "invalid_definition", problems: checked.problems } as const;
    const taken = await trx
      .selectFrom("segments")
      .select("id")
      .where("channel_id", "=", write.channelId)
      .where("name", "=", write.name)
      .$if(segmentId !== undefined, (q) => q.where("id", "<>", segmentId!))
      .executeTakeFirst();
    if (taken) return { ok: false, code: "name_taken" } as const;

    const references = segmentReferences(write.definition.root);
    const values = {
      name: write.name,
      description: write.description,
      definition: JSON.stringify(write.definition),
      segment_refs: [...references.segmentIds],
      list_refs: [...references.listIds],
    };
    const row = segmentId
      ? await trx
          .updateTable("segments")
          .set({ ...values, updated_at: new Date() })
          .where("id", "=", segmentId)
          .returning(columns)
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("segments")
          .values({
            ...values,
            channel_id: write.channelId,
            created_by: write.actor.startsWith("staff:") ? write.actor.slice(6) : null,
          })
          .returning(columns)
          .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: write.actor,
      action: segmentId ? "segment.updated" : "segment.created",
      targetType: "segment",
      targetId: row.id,
      detail: { channelId: write.channelId },
    });
    return { ok: true, segment: present(row), root: checked.root } as const;
  });
}

export type SegmentDeleteResult = DeleteUnreferencedResult;

/** Deletes a segment that no other segment refers to. */
export function deleteSegment(
  db: Kysely<DB>,
  channelId: string,
  segmentId: string,
  actor: Actor,
): Promise<SegmentDeleteResult> {
  return deleteUnreferenced(db, { table: "segments", channelId, id: segmentId, actor });
}

/** Keeps the latest count of a saved segment, shown in the list. */
export async function recordSegmentCount(
  db: Kysely<DB>,
  segmentId: string,
  count: number,
  ms: number,
): Promise<void> {
  await db
    .updateTable("segments")
    .set({ last_count: count, last_count_ms: Math.round(ms), last_counted_at: new Date() })
    .where("id", "=", segmentId)
    .execute();
}
