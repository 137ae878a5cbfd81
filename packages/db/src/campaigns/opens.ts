import { OPENS_READ_EVERY_MINUTES, OPENS_SETTLE_DAYS, type UnitOpens } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

// A campaign's units in LINE's per-unit statistics and their figures as last read
// (docs/decisions/014-campaign-opens.md).

/** A unit whose figures are to be read now. */
export interface DueUnit {
  campaignId: string;
  /** 0-based variant index; null for a single campaign. */
  variant: number | null;
  startedAt: Date;
}

/** A unit's figures as last read, by variant (null: a single campaign). */
export interface StoredUnitOpens extends UnitOpens {
  variant: number | null;
}

/**
 * Past this, a unit whose final read never came (workers down for weeks) is given up:
 * LINE reads at most 30 days from the start anyway.
 */
const GIVE_UP_DAYS = 30;

/** How often a unit may be asked, and how often a channel may be claimed for. */
export interface OpensCadence {
  /** A unit is asked again no sooner than this; default 30 (OPENS_READ_EVERY_MINUTES). */
  unitEveryMinutes?: number;
}

/**
 * A unit is due when its campaign finished sending with something accepted, it was not
 * asked in the last `unitEveryMinutes` (30 unless said), and it has no read yet from after
 * LINE's figures settled (14 days after the end): so reads go on for 14 days, then one more.
 * Minutes may be fractional (the demo's cadence), hence seconds in the interval.
 */
function due(cadence: OpensCadence) {
  const everySeconds = (cadence.unitEveryMinutes ?? OPENS_READ_EVERY_MINUTES) * 60;
  return sql<boolean>`o.uncounted_reason IS NULL
  AND c.finished_at IS NOT NULL AND c.started_at IS NOT NULL
  AND c.accepted > 0
  AND c.finished_at > now() - make_interval(days => ${GIVE_UP_DAYS})
  AND (o.attempted_at IS NULL
    OR o.attempted_at <= now() - make_interval(secs => ${everySeconds}::float8))
  AND (o.read_at IS NULL OR o.read_at < c.finished_at + make_interval(days => ${OPENS_SETTLE_DAYS}))`;
}

/**
 * A campaign's units, one per variant (or one), written in the transaction that starts it.
 * `uncounted`: indices of the units LINE will not count (`unitsPastLimit`), never read.
 */
export async function addCampaignUnits(
  db: Kysely<DB>,
  campaign: { id: string; channelId: string; variants: number | null },
  uncounted: readonly number[] = [],
): Promise<void> {
  const variants =
    campaign.variants === null
      ? [null]
      : Array.from({ length: campaign.variants }, (_, index) => index);
  await db
    .insertInto("campaign_opens")
    .values(
      variants.map((variant, index) => ({
        campaign_id: campaign.id,
        channel_id: campaign.channelId,
        variant,
        uncounted_reason: uncounted.includes(index) ? ("unit_limit" as const) : null,
      })),
    )
    .execute();
}

/** Channels with a unit due, so that the job asks LINE for none of the others. */
export async function channelsWithOpensDue(
  db: Kysely<DB>,
  cadence: OpensCadence = {},
): Promise<string[]> {
  const { rows } = await sql<{ channel_id: string }>`
    SELECT DISTINCT o.channel_id
    FROM campaign_opens o
    JOIN campaigns c ON c.id = o.campaign_id
    WHERE ${due(cadence)}`.execute(db);
  return rows.map((r) => r.channel_id);
}

/**
 * Claims up to `budget` of a channel's due units, least recently read first (never read
 * before all), marking them asked now. Nothing when a unit of the channel was asked less than
 * `spacingMinutes` ago: a second worker, or a second run of the job, spends no second budget
 * within one run's interval. Serialised per channel by an advisory lock.
 */
export async function claimOpenReads(
  db: Kysely<DB>,
  channelId: string,
  options: { budget: number; spacingMinutes: number } & OpensCadence,
): Promise<DueUnit[]> {
  if (options.budget <= 0) return [];
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('kizuna_campaign_opens'), hashtext(${channelId}))`.execute(
      trx,
    );
    const { rows } = await sql<{ campaign_id: string; variant: number | null; started_at: Date }>`
      WITH picked AS (
        SELECT o.campaign_id, o.variant, c.started_at
        FROM campaign_opens o
        JOIN campaigns c ON c.id = o.campaign_id
        WHERE o.channel_id = ${channelId} AND ${due(options)}
          AND NOT EXISTS (
            SELECT 1 FROM campaign_opens r
            WHERE r.channel_id = ${channelId}
              AND r.attempted_at > now() - make_interval(secs => ${options.spacingMinutes * 60}::float8))
        ORDER BY o.read_at NULLS FIRST, c.finished_at, o.variant
        LIMIT ${options.budget}
      )
      UPDATE campaign_opens o
      SET attempted_at = now()
      FROM picked
      WHERE o.campaign_id = picked.campaign_id AND o.variant IS NOT DISTINCT FROM picked.variant
      RETURNING o.campaign_id, o.variant, picked.started_at`.execute(trx);
    return rows.map((row) => ({
      campaignId: row.campaign_id,
      variant: row.variant,
      startedAt: new Date(row.started_at),
    }));
  });
}

/**
 * Stores LINE's figures for a unit, nulls kept as nulls, with the recipients accepted for it
 * now (its batches' sum: a batch is one variant's).
 */
export async function recordOpens(
  db: Kysely<DB>,
  unit: Pick<DueUnit, "campaignId" | "variant">,
  figures: { uniqueImpressions: number | null; uniqueClicks: number | null },
): Promise<void> {
  await sql`
    UPDATE campaign_opens o
    SET unique_impressions = ${figures.uniqueImpressions}::int,
      unique_clicks = ${figures.uniqueClicks}::int,
      delivered = (
        SELECT coalesce(sum(b.recipients) FILTER (WHERE b.status = 'accepted'), 0)::int
        FROM delivery_batches b
        WHERE b.campaign_id = o.campaign_id AND b.variant IS NOT DISTINCT FROM o.variant),
      read_at = now(),
      error = NULL
    WHERE o.campaign_id = ${unit.campaignId}
      AND o.variant IS NOT DISTINCT FROM ${unit.variant}::smallint`.execute(db);
}

/** Why LINE did not answer a unit's read; its last figures stay. */
export async function recordOpensFailure(
  db: Kysely<DB>,
  unit: Pick<DueUnit, "campaignId" | "variant">,
  error: string,
): Promise<void> {
  await sql`
    UPDATE campaign_opens SET error = ${error.slice(0, 500)}
    WHERE campaign_id = ${unit.campaignId}
      AND variant IS NOT DISTINCT FROM ${unit.variant}::smallint`.execute(db);
}

/** Several campaigns' units as last read, in one statement, by campaign id. */
export async function opensByCampaign(
  db: Kysely<DB>,
  campaignIds: readonly string[],
): Promise<Map<string, StoredUnitOpens[]>> {
  const opens = new Map<string, StoredUnitOpens[]>();
  if (campaignIds.length === 0) return opens;
  const rows = await db
    .selectFrom("campaign_opens")
    .select([
      "campaign_id",
      "variant",
      "read_at",
      "unique_impressions",
      "unique_clicks",
      "delivered",
      "uncounted_reason",
    ])
    .where("campaign_id", "in", [...campaignIds])
    .orderBy("variant")
    .execute();
  for (const row of rows) {
    const list = opens.get(row.campaign_id) ?? [];
    list.push({
      variant: row.variant,
      readAt: row.read_at ? new Date(row.read_at) : null,
      uniqueImpressions: row.unique_impressions,
      uniqueClicks: row.unique_clicks,
      delivered: row.delivered,
      uncountedReason: row.uncounted_reason,
    });
    opens.set(row.campaign_id, list);
  }
  return opens;
}
