import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** A URL of a campaign replaced by `/l/<code>` (docs/decisions/012-click-tracking.md). */
export interface NewTrackedLink {
  code: string;
  url: string;
  /** 0-based variant index; null for a single-variant campaign. */
  variant: number | null;
}

export interface TrackedLink {
  id: string;
  code: string;
  channelId: string;
  campaignId: string | null;
  /** For the friend's timeline, which names the campaign a click came from. */
  campaignName: string | null;
  variant: number | null;
  url: string;
}

/** Stores a campaign's links; pass the transaction that inserts the campaign. */
export async function insertTrackedLinks(
  db: Kysely<DB>,
  channelId: string,
  campaignId: string,
  links: readonly NewTrackedLink[],
): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto("tracked_links")
    .values(
      links.map((link) => ({
        code: link.code,
        channel_id: channelId,
        campaign_id: campaignId,
        variant: link.variant,
        url: link.url,
      })),
    )
    .execute();
}

export async function findTrackedLink(db: Kysely<DB>, code: string): Promise<TrackedLink | null> {
  const row = await db
    .selectFrom("tracked_links as l")
    .leftJoin("campaigns as c", "c.id", "l.campaign_id")
    .select(["l.id", "l.code", "l.channel_id", "l.campaign_id", "l.variant", "l.url", "c.name"])
    .where("l.code", "=", code)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        code: row.code,
        channelId: row.channel_id,
        campaignId: row.campaign_id,
        campaignName: row.name,
        variant: row.variant,
        url: row.url,
      }
    : null;
}

/** A reload or a double tap within this many seconds is the same click. */
export const CLICK_DEDUPE_SECONDS = 10;

/**
 * Records a click of a link, by a friend or anonymously (friendId null), unless the same
 * friend clicked the same link within CLICK_DEDUPE_SECONDS. A friend's click is also told on
 * their timeline as `link_clicked` with {campaignId, variant, url, campaignName}; segments read
 * the campaign id.
 * Anonymous clicks are never merged: two of them may be two people. Returns whether a click
 * was recorded.
 */
export async function recordLinkClick(
  db: Kysely<DB>,
  link: TrackedLink,
  friendId: string | null,
): Promise<boolean> {
  const detail: Record<string, unknown> = { url: link.url };
  if (link.campaignId) detail.campaignId = link.campaignId;
  if (link.variant !== null) detail.variant = link.variant;
  if (link.campaignName) detail.campaignName = link.campaignName;
  const result = await sql<{ id: string }>`
    WITH click AS (
      INSERT INTO link_clicks (link_id, campaign_id, variant, friend_id)
      SELECT ${link.id}::uuid, ${link.campaignId}::uuid, ${link.variant}::smallint, ${friendId}::bigint
      WHERE ${friendId}::bigint IS NULL OR NOT EXISTS (
        SELECT 1 FROM link_clicks
        WHERE link_id = ${link.id}::uuid
          AND friend_id = ${friendId}::bigint
          AND clicked_at > now() - make_interval(secs => ${CLICK_DEDUPE_SECONDS}))
      RETURNING id, friend_id, clicked_at
    ), timeline AS (
      INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
      SELECT ${link.channelId}::uuid, click.friend_id, click.clicked_at, 'link_clicked', 'friend',
        ${JSON.stringify(detail)}::jsonb
      FROM click
      WHERE click.friend_id IS NOT NULL
    )
    SELECT id::text FROM click`.execute(db);
  return result.rows.length > 0;
}

export interface CampaignClickCount {
  /** 0-based variant index; null for a single-variant campaign. */
  variant: number | null;
  /** Every click, anonymous ones included. */
  clicks: number;
  /** Friends who clicked at least once; anonymous clicks cannot be told apart, so not counted. */
  uniqueClickers: number;
}

/** Clicks of a campaign's links, per variant (one row, variant null, for a single campaign). */
export async function campaignClickCounts(
  db: Kysely<DB>,
  campaignId: string,
): Promise<CampaignClickCount[]> {
  return (await clickCountsByCampaign(db, [campaignId])).get(campaignId) ?? [];
}

/** The clicks of several campaigns in one statement, by campaign id, each per variant. */
export async function clickCountsByCampaign(
  db: Kysely<DB>,
  campaignIds: readonly string[],
): Promise<Map<string, CampaignClickCount[]>> {
  const counts = new Map<string, CampaignClickCount[]>();
  if (campaignIds.length === 0) return counts;
  const rows = await db
    .selectFrom("link_clicks")
    .select([
      "campaign_id",
      "variant",
      sql<number>`count(*)::int`.as("clicks"),
      sql<number>`count(DISTINCT friend_id)::int`.as("uniqueClickers"),
    ])
    .where("campaign_id", "in", [...campaignIds])
    .groupBy(["campaign_id", "variant"])
    .orderBy("variant")
    .execute();
  for (const row of rows) {
    if (row.campaign_id === null) continue;
    const list = counts.get(row.campaign_id) ?? [];
    list.push({ variant: row.variant, clicks: row.clicks, uniqueClickers: row.uniqueClickers });
    counts.set(row.campaign_id, list);
  }
  return counts;
}
