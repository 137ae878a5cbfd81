import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { preferKeyLookups } from "./claims.ts";

/**
 * Writes a `message_sent` timeline entry (detail `campaignId`) for every friend each finished
 * campaign of the channel reached — those in accepted batches — once per campaign: the flag
 * and the entries are written in one statement. Returns the entries written.
 */
export async function recordCampaignReceipts(db: Kysely<DB>, channelId: string): Promise<number> {
  const due = await db
    .selectFrom("campaigns")
    .select("id")
    .where("channel_id", "=", channelId)
    .where("status", "=", "done")
    .where("receipts_recorded_at", "is", null)
    .execute();
  let written = 0;
  for (const { id } of due) {
    written += await db.transaction().execute(async (trx) => {
      // Each accepted batch reads its own range of recipients through the primary key.
      await preferKeyLookups(trx);
      const result = await sql`
        WITH campaign AS (
          UPDATE campaigns SET receipts_recorded_at = now()
          WHERE id = ${id} AND status = 'done' AND receipts_recorded_at IS NULL
          RETURNING id, channel_id)
        INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
        SELECT c.channel_id, d.friend_id, b.sent_at, 'message_sent', 'system',
          jsonb_build_object('campaignId', c.id)
        FROM campaign c
        JOIN delivery_batches b ON b.campaign_id = c.id AND b.status = 'accepted'
        JOIN deliveries d ON d.campaign_id = b.campaign_id
          AND d.seq BETWEEN b.seq_from AND b.seq_to AND d.skip_reason IS NULL
          AND d.refused IS NULL`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
  }
  return written;
}
