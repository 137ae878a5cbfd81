import { type Kysely, sql } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";

export type DeleteUnreferencedResult =
  | { ok: true }
  | { ok: false; code: "not_found" }
  | { ok: false; code: "in_use"; usedBy: { id: string; name: string }[] };

/**
 * Deletes a saved segment or an uploaded list unless a saved segment names it. The
 * channel's segment lock keeps a concurrent save from adding a reference meanwhile.
 */
export async function deleteUnreferenced(
  db: Kysely<DB>,
  target: { table: "segments" | "audience_lists"; channelId: string; id: string; actor: Actor },
): Promise<DeleteUnreferencedResult> {
  const refs = target.table === "segments" ? "segment_refs" : "list_refs";
  const noun = target.table === "segments" ? "segment" : "audience_list";
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('kizuna_segments'), hashtext(${target.channelId}))`.execute(
      trx,
    );
    const usedBy = await trx
      .selectFrom("segments")
      .select(["id", "name"])
      .where("channel_id", "=", target.channelId)
      .where(sql<boolean>`${target.id}::uuid = ANY(${sql.ref(refs)})`)
      .orderBy("name")
      .execute();
    if (usedBy.length > 0) return { ok: false, code: "in_use", usedBy } as const;
    const deleted = await trx
      .deleteFrom(target.table)
      .where("channel_id", "=", target.channelId)
      .where("id", "=", target.id)
      .returning("id")
      .executeTakeFirst();
    if (!deleted) return { ok: false, code: "not_found" } as const;
    await recordAudit(trx, {
      actor: target.actor,
      action: `${noun}.deleted`,
      targetType: noun,
      targetId: target.id,
      detail: { channelId: target.channelId },
    });
    return { ok: true } as const;
  });
}
