import { type AbResult, abTest, VARIANT_LABELS } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import type { CampaignView } from "./campaigns.ts";
import { campaignClickCounts } from "./clicks.ts";
import type { StoredVariant } from "./snapshot.ts";

/** One variant of an A/B split with its outcome so far. */
export interface VariantResult extends StoredVariant {
  index: number;
  label: string;
  recipients: number;
  accepted: number;
  failed: number;
  skipped: number;
  uniqueClickers: number;
  clicks: number;
}

export interface CampaignResults {
  /** null for a single campaign. */
  variants: VariantResult[] | null;
  /** Do the variants' unique-click rates differ? null for a single campaign. */
  abResult: AbResult | null;
  clicks: number;
  uniqueClickers: number;
}

/**
 * A campaign's clicks and, for an A/B split, each variant's counts: recipients and skips from
 * its recipients, accepted and failed from its batches (a batch is one variant's), each
 * grouped by variant in one statement, and the A/B test on them.
 */
export async function campaignResults(
  db: Kysely<DB>,
  campaign: Pick<CampaignView, "id" | "variants">,
): Promise<CampaignResults> {
  const clickCounts = await campaignClickCounts(db, campaign.id);
  const clicks = clickCounts.reduce((sum, c) => sum + c.clicks, 0);
  const uniqueClickers = clickCounts.reduce((sum, c) => sum + c.uniqueClickers, 0);
  if (!campaign.variants) return { variants: null, abResult: null, clicks, uniqueClickers };

  const recipients = await db
    .selectFrom("deliveries")
    .select([
      "variant",
      sql<number>`count(*)::int`.as("recipients"),
      sql<number>`count(skip_reason)::int`.as("skipped"),
    ])
    .where("campaign_id", "=", campaign.id)
    .groupBy("variant")
    .execute();
  const outcomes = await db
    .selectFrom("delivery_batches")
    .select([
      "variant",
      sql<number>`coalesce(sum(recipients) FILTER (WHERE status = 'accepted'), 0)::int`.as(
        "accepted",
      ),
      sql<number>`coalesce(sum(recipients) FILTER (WHERE status = 'failed'), 0)::int`.as("failed"),
    ])
    .where("campaign_id", "=", campaign.id)
    .groupBy("variant")
    .execute();
  const variants = campaign.variants.map((variant, index): VariantResult => {
    const sent = recipients.find((r) => r.variant === index);
    const outcome = outcomes.find((o) => o.variant === index);
    const clicked = clickCounts.find((c) => c.variant === index);
    return {
      index,
      label: VARIANT_LABELS[index] ?? String(index + 1),
      weight: variant.weight,
      messages: variant.messages,
      recipients: sent?.recipients ?? 0,
      accepted: outcome?.accepted ?? 0,
      failed: outcome?.failed ?? 0,
      skipped: sent?.skipped ?? 0,
      uniqueClickers: clicked?.uniqueClickers ?? 0,
      clicks: clicked?.clicks ?? 0,
    };
  });
  return { variants, abResult: abTest(variants), clicks, uniqueClickers };
}
