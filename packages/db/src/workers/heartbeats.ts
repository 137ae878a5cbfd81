import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export async function beat(db: Kysely<DB>, workerId: string, startedAt: Date): Promise<void> {
  await db
    .insertInto("worker_heartbeats")
    .values({ worker_id: workerId, started_at: startedAt, beat_at: sql<Date>`now()` })
    .onConflict((conflict) =>
      conflict.column("worker_id").doUpdateSet({ beat_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function forgetWorker(db: Kysely<DB>, workerId: string): Promise<void> {
  await db.deleteFrom("worker_heartbeats").where("worker_id", "=", workerId).execute();
}

/** Workers heard from within `withinMs`, and the age of the newest beat. */
export async function liveWorkers(
  db: Kysely<DB>,
  withinMs: number,
): Promise<{ live: number; lastBeatAt: Date | null }> {
  const row = await db
    .selectFrom("worker_heartbeats")
    .select([
      sql<number>`count(*) FILTER (WHERE beat_at > now() - make_interval(secs => ${withinMs / 1000}))::int`.as(
        "live",
      ),
      sql<Date | null>`max(beat_at)`.as("last_beat_at"),
    ])
    .executeTakeFirstOrThrow();
  return { live: row.live, lastBeatAt: row.last_beat_at };
}
