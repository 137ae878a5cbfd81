import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Takes a channel's sender lease when it is free, expired or already ours. Only its holder
 * sends for the channel, so LINE's per-channel rate limits hold with any number of workers.
 */
export async function acquireSenderLease(
  db: Kysely<DB>,
  channelId: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const { rows } = await sql<{ holder: string }>`
    INSERT INTO channel_senders (channel_id, holder, lease_until)
    VALUES (${channelId}, ${holder}, now() + make_interval(secs => ${leaseMs / 1000}))
    ON CONFLICT (channel_id) DO UPDATE
      SET holder = excluded.holder, lease_until = excluded.lease_until,
        acquired_at = CASE WHEN channel_senders.holder = excluded.holder
          THEN channel_senders.acquired_at ELSE now() END
      WHERE channel_senders.holder = excluded.holder OR channel_senders.lease_until < now()
    RETURNING holder`.execute(db);
  return rows.length > 0;
}

/** Extends the lease; false when another worker has taken the channel over. */
export async function renewSenderLease(
  db: Kysely<DB>,
  channelId: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable("channel_senders")
    .set({ lease_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where("channel_id", "=", channelId)
    .where("holder", "=", holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseSenderLease(
  db: Kysely<DB>,
  channelId: string,
  holder: string,
): Promise<void> {
  await db
    .deleteFrom("channel_senders")
    .where("channel_id", "=", channelId)
    .where("holder", "=", holder)
    .execute();
}

/**
 * Channels with delivery work — a campaign due or sending — whose lease is free, expired
 * or ours: where this worker could be the sender now.
 */
export async function channelsToSend(db: Kysely<DB>, holder: string): Promise<string[]> {
  const { rows } = await sql<{ channel_id: string }>`
    SELECT DISTINCT c.channel_id
    FROM campaigns c
    LEFT JOIN channel_senders s ON s.channel_id = c.channel_id
    WHERE (c.status = 'sending' OR (c.status IN ('scheduled', 'queued') AND c.scheduled_at <= now()))
      -- Held by quiet hours: nothing to do until they end.
      AND (c.held_until IS NULL OR c.held_until <= now())
      AND (s.channel_id IS NULL OR s.holder = ${holder} OR s.lease_until < now())`.execute(db);
  return rows.map((r) => r.channel_id);
}
