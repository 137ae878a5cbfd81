import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Messages LINE accepted from Kizuna's campaigns this month (in the channel's time zone),
 * one per recipient as LINE counts them: the quota guard's figure when LINE's lags.
 */
export async function acceptedThisMonth(
  db: Kysely<DB>,
  channelId: string,
  timeZone: string,
): Promise<number> {
  const row = await db
    .selectFrom("delivery_batches")
    .select(sql<number>`coalesce(sum(recipients), 0)::int`.as("n"))
    .where("channel_id", "=", channelId)
    .where("status", "=", "accepted")
    .where(
      "sent_at",
      ">=",
      sql<Date>`date_trunc('month', now() AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone}`,
    )
    .executeTakeFirst();
  return row?.n ?? 0;
}
