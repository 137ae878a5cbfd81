import {
  type Audience,
  type CompiledMessages,
  checkQuota,
  type FrequencyCap,
  type LineQuota,
  type QuotaCheck,
} from "@kizuna/core";
import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";
import {
  AudienceUnavailable,
  audienceCondition,
  failUnavailableAudience,
  payloadGroupKey,
} from "./audience.ts";
import { acceptedThisMonth } from "./tally.ts";

/** The oldest campaign of the channel whose time has come, if it may start. */
export async function nextDueCampaign(
  db: Kysely<DB>,
  channelId: string,
): Promise<{ id: string; messages: unknown[]; audience: Audience } | null> {
  const row = await db
    .selectFrom("campaigns")
    .select(["id", "messages", "audience"])
    .where("channel_id", "=", channelId)
    .where("status", "in", ["scheduled", "queued"])
    .where("scheduled_at", "<=", sql<Date>`now()`)
    .orderBy("scheduled_at")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, messages: row.messages, audience: row.audience as Audience } : null;
}

export interface StartOptions {
  campaignId: string;
  compiled: CompiledMessages;
  frequencyCap: FrequencyCap | null;
  /** LINE's quota and usage, asked just before; null when LINE did not answer. */
  lineQuota: LineQuota | null;
  monthlyLimit: number | null;
  timeZone: string;
}

export type StartResult =
  | { started: true; recipients: number; capped: number }
  | { started: false; reason: "not_due" }
  | { started: false; reason: "quota_exceeded"; check: Extract<QuotaCheck, { ok: false }> }
  | { started: false; reason: "audience_unavailable"; problems: AudienceUnavailable["problems"] };

/** Thrown inside the transaction to roll the snapshot back. */
class QuotaRefused extends Error {
  readonly check: Extract<QuotaCheck, { ok: false }>;
  constructor(check: Extract<QuotaCheck, { ok: false }>) {
    super(check.message);
    this.check = check;
  }
}

/**
 * Starts a due campaign: snapshots its audience into `deliveries` in one INSERT … SELECT,
 * in send order (identical payloads next to each other), with friends over the frequency
 * cap already skipped, then applies the quota guard to the count. All in one transaction
 * with the campaign row locked, so a campaign starts once however many workers try, and a
 * refused one leaves no recipients behind.
 */
export async function startCampaign(db: Kysely<DB>, options: StartOptions): Promise<StartResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const campaign = await trx
        .selectFrom("campaigns")
        .select(["id", "channel_id", "audience"])
        .where("id", "=", options.campaignId)
        .where("status", "in", ["scheduled", "queued"])
        .where("scheduled_at", "<=", sql<Date>`now()`)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!campaign) return { started: false, reason: "not_due" } as const;
      const { recipients, capped } = await snapshot(trx, {
        campaignId: campaign.id,
        channelId: campaign.channel_id,
        audience: campaign.audience as Audience,
        compiled: options.compiled,
        frequencyCap: options.frequencyCap,
      });
      const check = checkQuota({
        needed: recipients - capped,
        line: options.lineQuota,
        sentByKizuna: await acceptedThisMonth(trx, campaign.channel_id, options.timeZone),
        configuredLimit: options.monthlyLimit,
      });
      if (!check.ok) throw new QuotaRefused(check);
      await trx
        .updateTable("campaigns")
        .set({
          status: "sending",
          recipients,
          skipped_capped: capped,
          next_seq: 1,
          held_until: null,
          // When the snapshot was done, not when its transaction began.
          started_at: sql`clock_timestamp()`,
        })
        .where("id", "=", campaign.id)
        .execute();
      return { started: true, recipients, capped } as const;
    });
  } catch (error) {
    if (error instanceof AudienceUnavailable)
      return failUnavailableAudience(db, options.campaignId, error);
    if (!(error instanceof QuotaRefused)) throw error;
    await db
      .updateTable("campaigns")
      .set({
        status: "failed",
        error: "quota_exceeded",
        error_detail: JSON.stringify({
          limit: error.check.limit,
          used: error.check.used,
          needed: error.check.needed,
          source: error.check.source,
        }),
        finished_at: sql`now()`,
        held_until: null,
      })
      .where("id", "=", options.campaignId)
      .where("status", "in", ["scheduled", "queued"])
      .execute();
    return { started: false, reason: "quota_exceeded", check: error.check };
  }
}

async function snapshot(
  trx: Transaction<DB>,
  input: {
    campaignId: string;
    channelId: string;
    audience: Audience;
    compiled: CompiledMessages;
    frequencyCap: FrequencyCap | null;
  },
): Promise<{ recipients: number; capped: number }> {
  const personalised = input.compiled.variables.length > 0;
  // Personalised: friends who get the same payload next to each other. One payload for all:
  // any order will do, and not sorting a million rows saves a second.
  const order = personalised
    ? sql`ORDER BY ${payloadGroupKey(input.compiled.variables, input.channelId)}, f.id`
    : sql``;
  const cap = input.frequencyCap;
  // Friends who already had `count` campaign messages accepted in the period. Campaigns of a
  // channel are sent one after another, so every earlier one has settled by now. The batches
  // in the period lead, each reading its own range of recipients through the primary key.
  const capped = cap
    ? sql`
      SELECT d.friend_id
      FROM delivery_batches b
      JOIN deliveries d ON d.campaign_id = b.campaign_id
        AND d.seq BETWEEN b.seq_from AND b.seq_to AND d.skip_reason IS NULL
      WHERE b.channel_id = ${input.channelId} AND b.status = 'accepted' AND b.kind <> 'unsendable'
        AND b.sent_at > now() - make_interval(hours => ${cap.periodHours})
      GROUP BY d.friend_id
      HAVING count(*) >= ${cap.count}`
    : sql`SELECT NULL::bigint AS friend_id WHERE false`;
  const needsMember = input.compiled.variables.some((v) => v.kind === "member");
  const { rows } = await sql<{ recipients: number; capped: number }>`
    WITH capped AS (${capped}),
    inserted AS (
      INSERT INTO deliveries (campaign_id, seq, friend_id, skip_reason)
      SELECT ${input.campaignId}, row_number() OVER (${order}), f.id,
        CASE WHEN c.friend_id IS NOT NULL THEN 'capped' END
      FROM friends f
      ${needsMember ? sql`LEFT JOIN members m ON m.id = f.member_id` : sql``}
      LEFT JOIN capped c ON c.friend_id = f.id
      WHERE ${await audienceCondition(trx, input.audience, input.channelId)}
      RETURNING skip_reason)
    SELECT count(*)::int AS recipients, count(skip_reason)::int AS capped FROM inserted`.execute(
    trx,
  );
  return rows[0] ?? { recipients: 0, capped: 0 };
}
