import type { Audience, CampaignStatus, SkipReason } from "@kizuna/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { CampaignsTable, DB } from "../schema.ts";
import { guardAudience } from "./audience.ts";
import { insertTrackedLinks, type NewTrackedLink } from "./clicks.ts";
import type { StoredVariant } from "./snapshot.ts";

/** Progress changes are announced on this channel (payload: the LINE channel's Kizuna id). */
export const CAMPAIGN_NOTIFY_CHANNEL = "kizuna_campaigns";

export interface CampaignView {
  id: string;
  channelId: string;
  name: string | null;
  /** [] for an A/B split: each variant has its own. */
  messages: unknown[];
  /** An A/B split's variants in label order (A, B, …); null for a single campaign. */
  variants: StoredVariant[] | null;
  audience: Audience;
  status: CampaignStatus;
  scheduledAt: Date;
  /** While quiet hours hold it back: when they end. */
  heldUntil: Date | null;
  recipients: number;
  accepted: number;
  failed: number;
  skipped: Record<"blocked" | "capped" | "quietHours", number>;
  /** Why it was refused before sending (the quota guard), with the figures. */
  error: { code: string; detail: Record<string, unknown> | null } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function campaignView(row: Selectable<CampaignsTable>): CampaignView {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    messages: row.messages,
    variants: row.variants as StoredVariant[] | null,
    audience: row.audience as Audience,
    status: row.status,
    scheduledAt: row.scheduled_at,
    heldUntil: row.held_until,
    recipients: row.recipients,
    accepted: row.accepted,
    failed: row.failed,
    skipped: {
      blocked: row.skipped_blocked,
      capped: row.skipped_capped,
      quietHours: row.skipped_quiet_hours,
    },
    error: row.error ? { code: row.error, detail: row.error_detail } : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export interface NewCampaign {
  channelId: string;
  name: string | null;
  messages: unknown[];
  /** An A/B split instead of `messages` (then []); null or absent for a single campaign. */
  variants?: StoredVariant[] | null;
  audience: Audience;
  /** null: now. */
  scheduledAt: Date | null;
  createdBy: string | null;
  /** The tracking links its messages point to, stored in the same transaction. */
  trackedLinks?: readonly NewTrackedLink[];
}

/** Queues a campaign, or schedules it when its time is still ahead. */
export async function createCampaign(db: Kysely<DB>, input: NewCampaign): Promise<CampaignView> {
  const at = input.scheduledAt ? input.scheduledAt.toISOString() : null;
  const created = await db.transaction().execute(async (trx) => {
    // Throws AudienceUnavailable when a segment or list it names was deleted meanwhile.
    await guardAudience(trx, input.channelId, input.audience);
    const row = await trx
      .insertInto("campaigns")
      .values({
        channel_id: input.channelId,
        name: input.name,
        messages: JSON.stringify(input.variants ? [] : input.messages),
        variants: input.variants ? JSON.stringify(input.variants) : null,
        audience: JSON.stringify(input.audience),
        status: sql<CampaignStatus>`CASE WHEN ${at}::timestamptz > now() THEN 'scheduled' ELSE 'queued' END`,
        scheduled_at: sql<Date>`greatest(coalesce(${at}::timestamptz, now()), now())`,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.trackedLinks?.length)
      await insertTrackedLinks(trx, row.channel_id, row.id, input.trackedLinks);
    return campaignView(row);
  });
  await notifyCampaigns(db, input.channelId);
  return created;
}

export async function listCampaigns(
  db: Kysely<DB>,
  channelId: string,
  limit = 50,
): Promise<CampaignView[]> {
  const rows = await db
    .selectFrom("campaigns")
    .selectAll()
    .where("channel_id", "=", channelId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(campaignView);
}

export async function findCampaign(
  db: Kysely<DB>,
  channelId: string,
  campaignId: string,
): Promise<CampaignView | null> {
  const row = await db
    .selectFrom("campaigns")
    .selectAll()
    .where("channel_id", "=", channelId)
    .where("id", "=", campaignId)
    .executeTakeFirst();
  return row ? campaignView(row) : null;
}

export type CancelResult =
  | { ok: true; campaign: CampaignView }
  | { ok: false; code: "campaign_not_found" | "campaign_already_started" };

/** Withdraws a campaign that has not started; one that is sending goes on. */
export async function cancelCampaign(
  db: Kysely<DB>,
  channelId: string,
  campaignId: string,
): Promise<CancelResult> {
  const row = await db
    .updateTable("campaigns")
    .set({ status: "cancelled", finished_at: sql`now()`, held_until: null })
    .where("channel_id", "=", channelId)
    .where("id", "=", campaignId)
    .where("status", "in", ["scheduled", "queued"])
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await notifyCampaigns(db, channelId);
    return { ok: true, campaign: campaignView(row) };
  }
  const exists = await findCampaign(db, channelId, campaignId);
  return { ok: false, code: exists ? "campaign_already_started" : "campaign_not_found" };
}

export interface CampaignOutcomes {
  /** Failed recipients by reason, most first. */
  failures: { reason: string; recipients: number; example: string | null }[];
  skipped: { reason: SkipReason; recipients: number }[];
  requests: { multicast: number; push: number };
}

/**
 * The result page's breakdown: reasons from the batches, which hold them per request, and
 * the recipients LINE refused by name, whose rows hold LINE's words.
 */
export async function campaignOutcomes(
  db: Kysely<DB>,
  campaignId: string,
): Promise<CampaignOutcomes> {
  const { rows: failures } = await sql<{
    reason: string | null;
    recipients: number;
    example: string | null;
  }>`
    SELECT reason, sum(recipients)::int AS recipients, min(error) AS example
    FROM (
      SELECT reason, recipients, error FROM delivery_batches
      WHERE campaign_id = ${campaignId} AND status = 'failed'
      UNION ALL
      SELECT 'line_rejected', 1, refused FROM deliveries
      WHERE campaign_id = ${campaignId} AND refused IS NOT NULL) f
    GROUP BY reason
    ORDER BY sum(recipients) DESC`.execute(db);
  const requests = await db
    .selectFrom("delivery_batches")
    .select(["kind", sql<number>`count(*)::int`.as("n")])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "accepted")
    .groupBy("kind")
    .execute();
  const campaign = await db
    .selectFrom("campaigns")
    .select(["skipped_blocked", "skipped_capped", "skipped_quiet_hours"])
    .where("id", "=", campaignId)
    .executeTakeFirst();
  const skipped: CampaignOutcomes["skipped"] = campaign
    ? [
        { reason: "blocked" as const, recipients: campaign.skipped_blocked },
        { reason: "capped" as const, recipients: campaign.skipped_capped },
        { reason: "quiet_hours" as const, recipients: campaign.skipped_quiet_hours },
      ].filter((s) => s.recipients > 0)
    : [];
  return {
    failures: failures.map((f) => ({
      reason: f.reason ?? "unknown",
      recipients: f.recipients,
      example: f.example,
    })),
    skipped,
    requests: {
      multicast: requests.find((r) => r.kind === "multicast")?.n ?? 0,
      push: requests.find((r) => r.kind === "push")?.n ?? 0,
    },
  };
}

export async function notifyCampaigns(db: Kysely<DB>, channelId: string): Promise<void> {
  await sql`SELECT pg_notify(${CAMPAIGN_NOTIFY_CHANNEL}, ${channelId})`.execute(db);
}
