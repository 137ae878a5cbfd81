import type { DB } from "@kizuna/db";
import { type Kysely, sql } from "kysely";

export const PARTITIONS_QUEUE = "maintenance.partitions";
/** Daily; partitions exist three months ahead, so a missed day or two changes nothing. */
export const PARTITIONS_CRON = "41 3 * * *";

/** Append-only tables partitioned by month (see the migrations). */
const MONTHLY_TABLES = ["friend_timeline", "events"] as const;

export async function ensurePartitions(db: Kysely<DB>): Promise<void> {
  for (const table of MONTHLY_TABLES) {
    await sql`SELECT kizuna_ensure_monthly_partitions(${table}::regclass, now()::date, 3)`.execute(
      db,
    );
  }
}
