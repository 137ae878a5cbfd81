import { randomUUID } from "node:crypto";
import {
  aggregationUnitOf,
  type FailureReason,
  INVALID_PAYLOAD_PREFIX,
  type PlannedBatch,
  planBatches,
  type TemplateValues,
} from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { recipientValueColumns } from "./audience.ts";
import { addToVariantCounts } from "./variant-counts.ts";

/** A request ready to go to LINE: committed, with its retry key, before it is sent. */
export interface ClaimedBatch {
  id: string;
  campaignId: string;
  channelId: string;
  kind: "multicast" | "push";
  retryKey: string;
  /** Failed attempts so far; the next is attempts + 1. */
  attempts: number;
  to: string[];
  messages: unknown[];
  /**
   * The campaign's (or its variant's) unit in LINE's per-unit statistics, derived from the
   * campaign and variant a batch stores, so that a resend carries the same body.
   */
  aggregationUnit: string;
}

/** What one recipient receives: a payload (equal keys, equal payloads) or why none. */
export type RecipientPayload =
  | { ok: true; key: string; messages: unknown[] }
  | { ok: false; reason: Extract<FailureReason, "empty_text" | "text_too_long"> };

export interface ClaimOptions {
  campaignId: string;
  /** Recipients (seq) to look at in one transaction. */
  windowSize: number;
  /** Renders a recipient's messages; absent for a campaign with one payload for all. */
  render?: ((values: TemplateValues, recipient: ClaimRecipient) => RecipientPayload) | undefined;
  /**
   * An A/B split, instead of `render`: by variant index, the variant's renderer, or undefined
   * for a variant with one payload for all.
   */
  variants?: readonly ClaimOptions["render"][] | undefined;
  /** Custom field keys the messages use, read with each recipient. */
  fieldKeys?: readonly string[];
  maxPerMulticast?: number;
}

export interface ClaimResult {
  batches: ClaimedBatch[];
  /** Every recipient is in a batch (or skipped): nothing more to claim. */
  exhausted: boolean;
  skippedBlocked: number;
  unsendable: number;
}

/** Who a rendered payload is for: a login link (`{{login_url:…}}`) is signed for them. */
export interface ClaimRecipient {
  friendId: string;
  /** The linked member; null when the friend is not linked. */
  memberId: string | null;
}

interface WindowRow {
  seq: number;
  variant?: number | null;
  line_user_id: string | null;
  status: string | null;
  display_name?: string | null;
  member_name?: string | null;
  member_points?: number | null;
  friend_id?: string;
  member_id?: string | null;
  fields?: Record<string, string> | null;
}

/**
 * A window or a batch is a few thousand recipients of a channel that may have millions of
 * friends: each is looked up by primary key. For windows this size the planner would rather
 * hash-join the whole friends table (or, for batches, every campaign's recipients), seconds
 * instead of milliseconds; nor is a short query worth parallel workers or JIT compilation.
 */
export async function preferKeyLookups(trx: Kysely<DB>): Promise<void> {
  await sql`SET LOCAL enable_hashjoin = off`.execute(trx);
  await sql`SET LOCAL enable_mergejoin = off`.execute(trx);
  await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
  await sql`SET LOCAL jit = off`.execute(trx);
}

/**
 * A window of a campaign with one payload for all needs each recipient's seq, user id and
 * whether they still follow: read as one string rather than tens of thousands of rows, whose
 * decoding by the driver would cost more than the query.
 */
async function sharedWindow(
  trx: Kysely<DB>,
  campaignId: string,
  from: number,
  to: number,
): Promise<WindowRow[]> {
  const { rows } = await sql<{ recipients: string | null }>`
    SELECT string_agg(d.seq || ' ' || coalesce(f.line_user_id, '-') || ' ' || coalesce(f.status, '-')
      || ' ' || coalesce(d.variant::text, '-'), ',' ORDER BY d.seq) AS recipients
    FROM deliveries d
    LEFT JOIN friends f ON f.id = d.friend_id
    WHERE d.campaign_id = ${campaignId} AND d.seq BETWEEN ${from} AND ${to}
      AND d.skip_reason IS NULL`.execute(trx);
  const packed = rows[0]?.recipients;
  if (!packed) return [];
  return packed.split(",").map((entry) => {
    const [seq, userId, status, variant] = entry.split(" ") as [string, string, string, string];
    return {
      seq: Number(seq),
      variant: variant === "-" ? null : Number(variant),
      line_user_id: userId === "-" ? null : userId,
      status: status === "-" ? null : status,
    };
  });
}

/**
 * Claims the next window of a sending campaign: reads its recipients from the cursor on,
 * skips those who blocked since the snapshot, renders personalised messages per recipient
 * (values read in the same statement), plans multicasts for runs of one payload and pushes
 * for the rest, and commits the batches with their retry keys and the advanced cursor —
 * all in one transaction, before anything is sent.
 */
export async function claimWindow(db: Kysely<DB>, options: ClaimOptions): Promise<ClaimResult> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx
      .selectFrom("campaigns")
      .select(["id", "channel_id", "messages", "variants", "next_seq", "recipients", "status"])
      .where("id", "=", options.campaignId)
      .forUpdate()
      .executeTakeFirst();
    const none = { batches: [], exhausted: true, skippedBlocked: 0, unsendable: 0 };
    if (campaign?.status !== "sending" || campaign.next_seq > campaign.recipients) {
      return none;
    }
    await preferKeyLookups(trx);
    const from = campaign.next_seq;
    const to = Math.min(campaign.recipients, from + options.windowSize - 1);
    const render = options.render;
    const variants = options.variants;
    const variantMessages = (campaign.variants as { messages: unknown[] }[] | null)?.map(
      (variant) => variant.messages,
    );
    const rows =
      render || variants?.some(Boolean)
        ? (
            await sql<WindowRow>`
          SELECT d.seq, d.variant, f.line_user_id, f.status, f.id AS friend_id, f.member_id,
            ${recipientValueColumns(campaign.channel_id, options.fieldKeys ?? [])}
          FROM deliveries d
          LEFT JOIN friends f ON f.id = d.friend_id
          LEFT JOIN members m ON m.id = f.member_id
          WHERE d.campaign_id = ${campaign.id} AND d.seq BETWEEN ${from} AND ${to}
            AND d.skip_reason IS NULL
          ORDER BY d.seq`.execute(trx)
          ).rows
        : await sharedWindow(trx, campaign.id, from, to);

    // Blocked since the snapshot (or gone): skipped, never sent.
    const gone = rows.filter((r) => r.status !== "following");
    const blocked = gone.map((r) => r.seq);
    if (blocked.length > 0) {
      await trx
        .updateTable("deliveries")
        .set({ skip_reason: "blocked" })
        .where("campaign_id", "=", campaign.id)
        .where(sql<boolean>`seq = ANY(${blocked}::int[])`)
        .execute();
      await addToVariantCounts(
        trx,
        campaign.id,
        "skipped",
        gone.map((r) => r.variant ?? null),
      );
    }
    const following = rows.filter((r) => r.status === "following");
    const userIds = new Map(following.map((r) => [r.seq, r.line_user_id!]));
    const payloads = new Map<string, unknown[]>();
    const reasons = new Map<string, string>();
    const variantOf = new Map<number, number | null>();
    const recipients = following.map((row) => {
      // Keys carry the variant, so that equal payloads of two variants never share a batch.
      const variant = row.variant ?? null;
      variantOf.set(row.seq, variant);
      const tag = variant === null ? "" : `${variant}:`;
      const renderRow = variants ? variants[variant ?? 0] : render;
      if (!renderRow) return { seq: row.seq, payloadKey: tag };
      const payload = renderRow(
        {
          name: row.display_name ?? null,
          member:
            row.member_name !== null || row.member_points !== null
              ? { name: row.member_name ?? null, points: row.member_points ?? null }
              : null,
          fields: row.fields ?? {},
        },
        { friendId: row.friend_id!, memberId: row.member_id ?? null },
      );
      if (!payload.ok) {
        const payloadKey = `${INVALID_PAYLOAD_PREFIX}${tag}${payload.reason}`;
        reasons.set(payloadKey, payload.reason);
        return { seq: row.seq, payloadKey };
      }
      payloads.set(tag + payload.key, payload.messages);
      return { seq: row.seq, payloadKey: tag + payload.key };
    });
    const plan = planBatches(
      recipients,
      { from, to, isLast: to >= campaign.recipients },
      options.maxPerMulticast,
    );

    const batches: ClaimedBatch[] = [];
    const rowsToInsert = plan.batches.map((batch: PlannedBatch) => {
      const id = randomUUID();
      const retryKey = randomUUID();
      const unsendable = batch.kind === "unsendable";
      // Rendered for these recipients; null: the campaign's (or the variant's) own messages.
      const messages = unsendable ? null : (payloads.get(batch.payloadKey) ?? null);
      const variant = variantOf.get(batch.seqFrom) ?? null;
      if (!unsendable) {
        batches.push({
          id,
          campaignId: campaign.id,
          channelId: campaign.channel_id,
          kind: batch.kind,
          retryKey,
          attempts: 0,
          to: batch.seqs.map((seq) => userIds.get(seq)!),
          messages: messages ?? (variant === null ? campaign.messages : variantMessages![variant]!),
          aggregationUnit: aggregationUnitOf(campaign.id, variant),
        });
      }
      return {
        id,
        campaign_id: campaign.id,
        channel_id: campaign.channel_id,
        kind: batch.kind,
        seq_from: batch.seqFrom,
        seq_to: batch.seqTo,
        recipients: batch.seqs.length,
        messages: messages ? JSON.stringify(messages) : null,
        retry_key: retryKey,
        status: unsendable ? ("failed" as const) : ("sending" as const),
        reason: unsendable ? (reasons.get(batch.payloadKey) ?? null) : null,
        variant,
      };
    });
    if (rowsToInsert.length > 0)
      await trx.insertInto("delivery_batches").values(rowsToInsert).execute();
    const unsendable = plan.batches
      .filter((b) => b.kind === "unsendable")
      .reduce((sum, b) => sum + b.seqs.length, 0);
    await trx
      .updateTable("campaigns")
      .set({
        next_seq: plan.nextSeq,
        skipped_blocked: sql`skipped_blocked + ${blocked.length}`,
        failed: sql`failed + ${unsendable}`,
      })
      .where("id", "=", campaign.id)
      .execute();
    return {
      batches,
      exhausted: plan.nextSeq > campaign.recipients,
      skippedBlocked: blocked.length,
      unsendable,
    };
  });
}

/**
 * Batches of the channel committed but not settled whose time has come: abandoned by a
 * sender that died, waiting out a 429/5xx, or split after LINE refused some recipients by
 * name. Each is loaded exactly as it was committed — recipients (less those refused), payload,
 * retry key — so that the resend is the same request.
 */
export async function claimResends(
  db: Kysely<DB>,
  channelId: string,
  options: { exclude: readonly string[]; limit: number },
): Promise<ClaimedBatch[]> {
  const batches = await db
    .selectFrom("delivery_batches as b")
    .innerJoin("campaigns as c", "c.id", "b.campaign_id")
    .select([
      "b.id",
      "b.campaign_id",
      "b.kind",
      "b.retry_key",
      "b.attempts",
      "b.messages",
      "b.variant",
      "c.messages as campaign_messages",
      "c.variants as campaign_variants",
    ])
    .where("b.channel_id", "=", channelId)
    .where("b.status", "=", "sending")
    .where("b.retry_at", "<=", sql<Date>`now()`)
    .$if(options.exclude.length > 0, (q) =>
      q.where(sql<boolean>`NOT (b.id = ANY(${[...options.exclude]}::uuid[]))`),
    )
    .orderBy("b.retry_at")
    .limit(options.limit)
    .execute();
  if (batches.length === 0) return [];
  const rows = await db.transaction().execute(async (trx) => {
    await preferKeyLookups(trx);
    // Per batch, its own range of recipients through the primary key, as one string.
    const { rows } = await sql<{ batch_id: string; users: string | null }>`
      SELECT b.id AS batch_id, r.users
      FROM delivery_batches b
      CROSS JOIN LATERAL (
        SELECT string_agg(f.line_user_id, ',' ORDER BY d.seq) AS users
        FROM deliveries d
        JOIN friends f ON f.id = d.friend_id
        WHERE d.campaign_id = b.campaign_id AND d.seq BETWEEN b.seq_from AND b.seq_to
          AND d.skip_reason IS NULL AND d.refused IS NULL) r
      WHERE b.id = ANY(${batches.map((b) => b.id)}::uuid[])`.execute(trx);
    return rows;
  });
  const to = new Map(rows.map((row) => [row.batch_id, row.users ? row.users.split(",") : []]));
  return batches.map((b) => ({
    id: b.id,
    campaignId: b.campaign_id,
    channelId,
    kind: b.kind as "multicast" | "push",
    retryKey: b.retry_key,
    attempts: b.attempts,
    to: to.get(b.id) ?? [],
    messages:
      b.messages ??
      (b.variant === null
        ? b.campaign_messages
        : (b.campaign_variants as { messages: unknown[] }[])[b.variant]!.messages),
    aggregationUnit: aggregationUnitOf(b.campaign_id, b.variant),
  }));
}
