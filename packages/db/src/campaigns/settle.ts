import type { FailureReason } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import type { StoredVariant } from "./snapshot.ts";
import { addToVariantCounts } from "./variant-counts.ts";

export type BatchOutcome =
  | { batchId: string; status: "accepted"; requestId: string | null }
  | { batchId: string; status: "failed"; reason: FailureReason; error: string };

/**
 * Records LINE's answers for many batches in one statement and adds them to their
 * campaigns' counters. A batch already settled (by a sender that lost its lease and
 * another that resent it) is left alone, so nobody is counted twice.
 */
export async function settleBatches(
  db: Kysely<DB>,
  outcomes: readonly BatchOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const ids = outcomes.map((o) => o.batchId);
  const statuses = outcomes.map((o) => o.status);
  const requestIds = outcomes.map((o) => (o.status === "accepted" ? o.requestId : null));
  const reasons = outcomes.map((o) => (o.status === "failed" ? o.reason : null));
  const errors = outcomes.map((o) => (o.status === "failed" ? o.error.slice(0, 1000) : null));
  await sql`
    WITH outcome AS (
      SELECT * FROM unnest(${ids}::uuid[], ${statuses}::text[], ${requestIds}::text[],
        ${reasons}::text[], ${errors}::text[]) AS o(id, status, request_id, reason, error)),
    settled AS (
      UPDATE delivery_batches b
      SET status = o.status, request_id = o.request_id, reason = o.reason, error = o.error,
        sent_at = CASE WHEN o.status = 'accepted' THEN now() END
      FROM outcome o
      WHERE b.id = o.id AND b.status = 'sending'
      RETURNING b.campaign_id, b.status, b.recipients)
    UPDATE campaigns c
    SET accepted = c.accepted + s.accepted, failed = c.failed + s.failed
    FROM (
      SELECT campaign_id,
        coalesce(sum(recipients) FILTER (WHERE status = 'accepted'), 0)::int AS accepted,
        coalesce(sum(recipients) FILTER (WHERE status = 'failed'), 0)::int AS failed
      FROM settled GROUP BY campaign_id) s
    WHERE c.id = s.campaign_id`.execute(db);
}

/** A multicast LINE refused (400) because of some of its recipients, named. */
export interface BatchSplit {
  batchId: string;
  /** The key of the refused request: a batch split already (or settled) is left alone. */
  retryKey: string;
  /** The recipients LINE named, with its words for each. */
  refused: readonly { lineUserId: string; detail: string }[];
  /** LINE's whole answer, kept on the batch until its resend is answered. */
  detail: string;
}

/**
 * Splits off the recipients LINE refused by name from their batches, each batch in the same
 * transaction: they fail (`line_rejected`, LINE's words on their row), and the batch — same
 * range, messages and variant, the rest of its recipients — gets a new retry key and is due
 * for resending now. LINE took nothing of a 400, so the rest go once; a sender killed before
 * this commits resends the refused request, meets the same 400 and comes back here.
 */
export async function splitBatches(db: Kysely<DB>, splits: readonly BatchSplit[]): Promise<void> {
  if (splits.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const split of splits) {
      const batch = await trx
        .selectFrom("delivery_batches")
        .select(["campaign_id", "seq_from", "seq_to"])
        .where("id", "=", split.batchId)
        .where("retry_key", "=", split.retryKey)
        .where("status", "=", "sending")
        .forUpdate()
        .executeTakeFirst();
      if (!batch) continue;
      const { rows } = await sql<{ seq: number; variant: number | null }>`
        UPDATE deliveries d SET refused = r.detail
        FROM friends f, unnest(${split.refused.map((r) => r.lineUserId)}::text[],
          ${split.refused.map((r) => r.detail.slice(0, 1000))}::text[]) AS r(user_id, detail)
        WHERE d.campaign_id = ${batch.campaign_id}
          AND d.seq BETWEEN ${batch.seq_from} AND ${batch.seq_to}
          AND d.skip_reason IS NULL AND d.refused IS NULL
          AND f.id = d.friend_id AND f.line_user_id = r.user_id
        RETURNING d.seq, d.variant`.execute(trx);
      if (rows.length === 0) {
        // None of them is in the batch any more: resending it unchanged would meet the same 400.
        await settleBatches(trx, [
          {
            batchId: split.batchId,
            status: "failed",
            reason: "line_rejected",
            error: split.detail,
          },
        ]);
        continue;
      }
      await sql`
        UPDATE delivery_batches
        SET retry_key = gen_random_uuid(), recipients = recipients - ${rows.length}, attempts = 0,
          retry_at = now(), error = ${split.detail.slice(0, 1000)}
        WHERE id = ${split.batchId}`.execute(trx);
      await trx
        .updateTable("campaigns")
        .set({ failed: sql`failed + ${rows.length}` })
        .where("id", "=", batch.campaign_id)
        .execute();
      await addToVariantCounts(
        trx,
        batch.campaign_id,
        "refused",
        rows.map((r) => r.variant),
      );
    }
  });
}

/** Leaves batches for a later attempt after a 429, 5xx or network error. */
export async function postponeBatches(
  db: Kysely<DB>,
  retries: readonly { batchId: string; delayMs: number; error: string }[],
): Promise<void> {
  if (retries.length === 0) return;
  await sql`
    UPDATE delivery_batches b
    SET attempts = b.attempts + 1, retry_at = now() + make_interval(secs => r.delay_ms / 1000.0),
      error = r.error
    FROM unnest(${retries.map((r) => r.batchId)}::uuid[], ${retries.map((r) => r.delayMs)}::int[],
      ${retries.map((r) => r.error.slice(0, 1000))}::text[]) AS r(id, delay_ms, error)
    WHERE b.id = r.id AND b.status = 'sending'`.execute(db);
}

/**
 * LINE's monthly limit is used up: the campaign's recipients not yet in a batch cannot be
 * sent this month. They are recorded as one failed range per variant (one for a single
 * campaign), and the cursor moves past them.
 */
export async function failRemaining(
  db: Kysely<DB>,
  campaignId: string,
  reason: FailureReason,
  error: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx
      .selectFrom("campaigns")
      .select(["channel_id", "next_seq", "recipients", "status"])
      .where("id", "=", campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (campaign?.status !== "sending" || campaign.next_seq > campaign.recipients) {
      return 0;
    }
    // A variant's recipients are one seq range (the snapshot orders by variant first).
    const ranges = await trx
      .selectFrom("deliveries")
      .select([
        "variant",
        sql<number>`min(seq)`.as("from"),
        sql<number>`max(seq)`.as("to"),
        sql<number>`count(*)::int`.as("n"),
      ])
      .where("campaign_id", "=", campaignId)
      .where("seq", ">=", campaign.next_seq)
      .where("skip_reason", "is", null)
      .groupBy("variant")
      .execute();
    if (ranges.length > 0) {
      await trx
        .insertInto("delivery_batches")
        .values(
          ranges.map((range) => ({
            campaign_id: campaignId,
            channel_id: campaign.channel_id,
            kind: "unsendable" as const,
            seq_from: range.from,
            seq_to: range.to,
            recipients: range.n,
            status: "failed" as const,
            reason,
            error: error.slice(0, 1000),
            variant: range.variant,
          })),
        )
        .execute();
    }
    const failed = ranges.reduce((sum, range) => sum + range.n, 0);
    await trx
      .updateTable("campaigns")
      .set({ next_seq: campaign.recipients + 1, failed: sql`failed + ${failed}` })
      .where("id", "=", campaignId)
      .execute();
    return failed;
  });
}

/** Quiet hours in `skip` mode: the recipients not yet in a batch are skipped. */
export async function skipRemaining(
  db: Kysely<DB>,
  campaignId: string,
  reason: "quiet_hours",
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx
      .selectFrom("campaigns")
      .select(["next_seq", "recipients", "status"])
      .where("id", "=", campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (campaign?.status !== "sending" || campaign.next_seq > campaign.recipients) {
      return 0;
    }
    // The per-variant counts move in the same statement, without the rows leaving the server.
    const { rows } = await sql<{ n: number }>`
      WITH skipped AS (
        UPDATE deliveries SET skip_reason = ${reason}
        WHERE campaign_id = ${campaignId} AND seq >= ${campaign.next_seq} AND skip_reason IS NULL
        RETURNING variant),
      by_variant AS (
        SELECT variant, count(*)::int AS n FROM skipped WHERE variant IS NOT NULL GROUP BY variant),
      counted AS (
        UPDATE campaign_variant_counts v SET skipped = v.skipped + b.n
        FROM by_variant b
        WHERE v.campaign_id = ${campaignId} AND v.variant = b.variant
        RETURNING 1)
      SELECT count(*)::int AS n FROM skipped`.execute(trx);
    const n = rows[0]?.n ?? 0;
    await trx
      .updateTable("campaigns")
      .set({
        next_seq: campaign.recipients + 1,
        skipped_quiet_hours: sql`skipped_quiet_hours + ${n}`,
      })
      .where("id", "=", campaignId)
      .execute();
    return n;
  });
}

/**
 * Marks the channel's campaigns done whose every recipient is in a settled batch or
 * skipped; returns how many finished.
 */
export async function finishCampaigns(db: Kysely<DB>, channelId: string): Promise<number> {
  const rows = await db
    .updateTable("campaigns as c")
    .set({ status: "done", finished_at: sql`now()`, held_until: null })
    .where("c.channel_id", "=", channelId)
    .where("c.status", "=", "sending")
    .where(sql<boolean>`c.next_seq > c.recipients`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("delivery_batches as b")
            .select("b.id")
            .where("b.channel_id", "=", channelId)
            .where("b.status", "=", "sending")
            .whereRef("b.campaign_id", "=", "c.id"),
        ),
      ),
    )
    .returning("c.id")
    .execute();
  return rows.length;
}

/** The campaign the channel's sender works on: the oldest one sending. */
export async function sendingCampaign(
  db: Kysely<DB>,
  channelId: string,
): Promise<{ id: string; messages: unknown[]; variants: StoredVariant[] | null } | null> {
  const row = await db
    .selectFrom("campaigns")
    .select(["id", "messages", sql<StoredVariant[] | null>`variants`.as("variants")])
    .where("channel_id", "=", channelId)
    .where("status", "=", "sending")
    .orderBy("scheduled_at")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** Quiet hours in `hold` mode: shows the admin UI until when a campaign waits. */
export async function holdCampaigns(
  db: Kysely<DB>,
  channelId: string,
  until: Date | null,
): Promise<void> {
  await db
    .updateTable("campaigns")
    .set({ held_until: until })
    .where("channel_id", "=", channelId)
    .where(({ or, and, eb }) =>
      or([
        eb("status", "=", "sending"),
        and([
          eb("status", "in", ["scheduled", "queued"]),
          eb("scheduled_at", "<=", sql<Date>`now()`),
        ]),
      ]),
    )
    .where(sql<boolean>`held_until IS DISTINCT FROM ${until}`)
    .execute();
}
