import {
  AGGREGATION_UNITS_PER_MONTH,
  type Audience,
  type CompiledMessages,
  checkQuota,
  type FrequencyCap,
  type LineQuota,
  type QuotaCheck,
  unitsPastLimit,
} from "@kizuna/core";
import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";
import {
  AudienceUnavailable,
  audienceCondition,
  failUnavailableAudience,
  payloadGroupKey,
} from "./audience.ts";
import { addCampaignUnits } from "./opens.ts";
import { acceptedThisMonth } from "./tally.ts";

/** The oldest campaign of the channel whose time has come, if it may start. */
export async function nextDueCampaign(
  db: Kysely<DB>,
  channelId: string,
): Promise<{
  id: string;
  messages: unknown[];
  variants: StoredVariant[] | null;
  audience: Audience;
} | null> {
  const row = await db
    .selectFrom("campaigns")
    .select(["id", "messages", "variants", "audience"])
    .where("channel_id", "=", channelId)
    .where("status", "in", ["scheduled", "queued"])
    .where("scheduled_at", "<=", sql<Date>`now()`)
    .orderBy("scheduled_at")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        messages: row.messages,
        variants: row.variants as StoredVariant[] | null,
        audience: row.audience as Audience,
      }
    : null;
}

export interface StartOptions {
  campaignId: string;
  /** The campaign's messages; for an A/B split, those of variant A. */
  compiled: CompiledMessages;
  /** An A/B split's messages, by variant index. */
  variants?: readonly CompiledMessages[] | undefined;
  frequencyCap: FrequencyCap | null;
  /** LINE's quota and usage, asked just before; null when LINE did not answer. */
  lineQuota: LineQuota | null;
  /**
   * Aggregation unit names LINE says the channel used this month, asked just before; null when
   * LINE did not answer (nothing is marked then). Past `aggregationUnitLimit` (LINE's 1,000),
   * the campaign's new units are recorded as not counted.
   */
  aggregationUnitsUsed?: number | null;
  aggregationUnitLimit?: number;
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
        .select(["id", "channel_id", "audience", "variants"])
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
        variants: variantPlan(campaign.variants as StoredVariant[] | null, options.variants),
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
      // Its units in LINE's per-unit statistics, read for opens once it is sent (decision 014).
      const variants = (campaign.variants as StoredVariant[] | null)?.length ?? null;
      const used = options.aggregationUnitsUsed ?? null;
      await addCampaignUnits(
        trx,
        { id: campaign.id, channelId: campaign.channel_id, variants },
        used === null
          ? []
          : unitsPastLimit(
              used,
              variants ?? 1,
              options.aggregationUnitLimit ?? AGGREGATION_UNITS_PER_MONTH,
            ),
      );
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
    variants: VariantPlan[] | null;
    frequencyCap: FrequencyCap | null;
  },
): Promise<{ recipients: number; capped: number }> {
  const condition = await audienceCondition(trx, input.audience, input.channelId);
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
        AND d.seq BETWEEN b.seq_from AND b.seq_to AND d.skip_reason IS NULL AND d.refused IS NULL
      WHERE b.channel_id = ${input.channelId} AND b.status = 'accepted' AND b.kind <> 'unsendable'
        AND b.sent_at > now() - make_interval(hours => ${cap.periodHours})
      GROUP BY d.friend_id
      HAVING count(*) >= ${cap.count}`
    : sql`SELECT NULL::bigint AS friend_id WHERE false`;
  if (input.variants) {
    return snapshotVariants(trx, { ...input, variants: input.variants, condition, capped });
  }
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
      WHERE ${condition}
      RETURNING skip_reason)
    SELECT count(*)::int AS recipients, count(skip_reason)::int AS capped FROM inserted`.execute(
    trx,
  );
  return rows[0] ?? { recipients: 0, capped: 0 };
}

/** A variant as stored in `campaigns.variants`. */
export interface StoredVariant {
  messages: unknown[];
  weight: number;
}

/** A variant as the snapshot sees it: its share and the variables its messages use. */
interface VariantPlan {
  weight: number;
  variables: CompiledMessages["variables"];
}

function variantPlan(
  stored: StoredVariant[] | null,
  compiled: readonly CompiledMessages[] | undefined,
): VariantPlan[] | null {
  if (!stored) return null;
  if (compiled?.length !== stored.length) {
    throw new Error(`the campaign has ${stored.length} variants, compiled ${compiled?.length}`);
  }
  return stored.map((variant, index) => ({
    weight: variant.weight,
    variables: compiled[index]!.variables,
  }));
}

/**
 * The snapshot of an A/B split, still one INSERT … SELECT. Each friend is drawn into a variant
 * at random but reproducibly: the audience is ranked by md5(campaign id || friend id), a
 * shuffle no friend id order shows through, and cut at the cumulative weights, so each variant
 * gets its share to within one friend (rank r of n goes to the first variant whose cumulative
 * weight w has r ≤ n·w/100). Recipients are then in send order by variant first, then by what
 * that variant's messages read, so a batch never mixes two variants. Without personalisation
 * the draw is that order already, and no second sort is needed.
 */
async function snapshotVariants(
  trx: Transaction<DB>,
  input: {
    campaignId: string;
    channelId: string;
    variants: VariantPlan[];
    condition: RawBuilder<SqlBool>;
    capped: RawBuilder<unknown>;
  },
): Promise<{ recipients: number; capped: number }> {
  const last = input.variants.length - 1;
  let cumulative = 0;
  const cuts = input.variants.slice(0, last).map((variant, index) => {
    cumulative += variant.weight;
    return sql`WHEN draw * 100 <= total * ${cumulative}::int THEN ${index}::int`;
  });
  const personalised = input.variants.some((v) => v.variables.length > 0);
  const groupKey = personalised
    ? sql`, CASE a.variant ${sql.join(
        input.variants.map(
          (variant, index) =>
            sql`WHEN ${index}::int THEN ${
              variant.variables.length > 0
                ? payloadGroupKey(variant.variables, input.channelId)
                : sql`''`
            }`,
        ),
        sql` `,
      )} END`
    : sql``;
  const needsMember = input.variants.some((v) => v.variables.some((x) => x.kind === "member"));
  const { rows } = await sql<{ recipients: number; capped: number }>`
    WITH capped AS (${input.capped}),
    drawn AS (
      SELECT f.id,
        row_number() OVER (ORDER BY md5(${input.campaignId}::text || f.id::text), f.id) AS draw,
        count(*) OVER () AS total
      FROM friends f
      WHERE ${input.condition}),
    assigned AS (
      SELECT id, draw, (CASE ${sql.join(cuts, sql` `)} ELSE ${last}::int END)::smallint AS variant
      FROM drawn),
    inserted AS (
      INSERT INTO deliveries (campaign_id, seq, friend_id, skip_reason, variant)
      ${
        personalised
          ? sql`
      SELECT ${input.campaignId}, row_number() OVER (ORDER BY a.variant${groupKey}, f.id), f.id,
        CASE WHEN c.friend_id IS NOT NULL THEN 'capped' END, a.variant
      FROM assigned a
      JOIN friends f ON f.id = a.id
      ${needsMember ? sql`LEFT JOIN members m ON m.id = f.member_id` : sql``}
      LEFT JOIN capped c ON c.friend_id = f.id`
          : // The draw is already in variant order (each variant is a range of it): it is the seq.
            sql`
      SELECT ${input.campaignId}, a.draw, a.id,
        CASE WHEN c.friend_id IS NOT NULL THEN 'capped' END, a.variant
      FROM assigned a
      LEFT JOIN capped c ON c.friend_id = a.id`
      }
      RETURNING skip_reason, variant),
    -- Each variant's counts, kept from here on where its recipients are skipped or refused, so
    -- that results never count a million rows by variant.
    counted AS (
      INSERT INTO campaign_variant_counts (campaign_id, variant, recipients, skipped)
      SELECT ${input.campaignId}, variant, count(*), count(skip_reason)
      FROM inserted GROUP BY variant
      RETURNING recipients, skipped)
    SELECT coalesce(sum(recipients), 0)::int AS recipients,
      coalesce(sum(skipped), 0)::int AS capped
    FROM counted`.execute(trx);
  return rows[0] ?? { recipients: 0, capped: 0 };
}
