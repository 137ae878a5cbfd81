import { type Kysely, sql } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";

export type DeleteUnreferencedResult =
  | { ok: true }
  | { ok: false; code: "not_found" }
  | {
      ok: false;
      code: "in_use";
      /** Saved segments that name it. */
      usedBy: { id: string; name: string }[];
      /** Campaigns not started yet whose audience names it (name null when untitled). */
      campaigns: { id: string; name: string | null }[];
    };

/**
 * Deletes a saved segment or an uploaded list unless a saved segment names it, or the audience
 * of a campaign that has not started yet (scheduled or queued) does: such a campaign would
 * lose its audience. Started campaigns have their recipients already and keep the id. The
 * channel's segment lock keeps a concurrent save from adding a reference meanwhile.
 */
export async function deleteUnreferenced(
  db: Kysely<DB>,
  target: { table: "segments" | "audience_lists"; channelId: string; id: string; actor: Actor },
): Promise<DeleteUnreferencedResult> {
  const refs = target.table === "segments" ? "segment_refs" : "list_refs";
  const noun = target.table === "segments" ? "segment" : "audience_list";
  const key = target.table === "segments" ? "segmentId" : "listId";
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
    // An audience names it as its segment or list, or in an exclusion (core/delivery/audience.ts).
    const named = sql`jsonb_build_object(${key}::text, ${target.id}::text)`;
    const campaigns = await trx
      .selectFrom("campaigns")
      .select(["id", "name"])
      .where("channel_id", "=", target.channelId)
      .where("status", "in", ["scheduled", "queued"])
      .where(
        sql<boolean>`(audience @> ${named} OR audience -> 'exclude' @> jsonb_build_array(${named}))`,
      )
      .orderBy("scheduled_at")
      .execute();
    if (usedBy.length > 0 || campaigns.length > 0)
      return { ok: false, code: "in_use", usedBy, campaigns } as const;
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
