import {
  type AbResult,
  abTest,
  combineOpens,
  type OpenFigures,
  type OpenRateComparison,
  openFigures,
  openRateTest,
  VARIANT_LABELS,
} from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import type { CampaignView } from "./campaigns.ts";
import { clickCountsByCampaign } from "./clicks.ts";
import { opensByCampaign } from "./opens.ts";
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
  /** LINE's figures for the variant's unit; null when it has none (not started). */
  opens: OpenFigures | null;
}

export interface CampaignResults {
  /** null for a single campaign. */
  variants: VariantResult[] | null;
  /** Do the variants' unique-click rates differ? null for a single campaign. */
  abResult: AbResult | null;
  /** Do the variants' open rates differ, or why they cannot be compared; null: single. */
  openAbResult: OpenRateComparison | null;
  clicks: number;
  uniqueClickers: number;
  /**
   * Opens from LINE's per-unit statistics (an A/B split's: its variants' added up); null for a
   * campaign with no unit: not started, or sent before units existed.
   */
  opens: OpenFigures | null;
}

/**
 * Campaigns' clicks and, for A/B splits, each variant's counts: recipients, skips and those
 * LINE refused by name as kept per variant (`campaign_variant_counts`), accepted and failed
 * from its batches (a batch is one variant's), each read for every campaign at once, then the
 * A/B test.
 */
export async function campaignResults(
  db: Kysely<DB>,
  campaigns: readonly Pick<CampaignView, "id" | "variants">[],
): Promise<CampaignResults[]> {
  const clickCounts = await clickCountsByCampaign(
    db,
    campaigns.map((c) => c.id),
  );
  const opens = await opensByCampaign(
    db,
    campaigns.map((c) => c.id),
  );
  const splitIds = campaigns.filter((c) => c.variants).map((c) => c.id);
  const [recipients, outcomes] =
    splitIds.length === 0
      ? [[], []]
      : await Promise.all([
          // Kept per variant where recipients are snapshotted, skipped or refused (0017): a
          // million-recipient split's rows are not counted again on every load.
          db
            .selectFrom("campaign_variant_counts")
            .select(["campaign_id", "variant", "recipients", "skipped", "refused"])
            .where("campaign_id", "in", splitIds)
            .execute(),
          db
            .selectFrom("delivery_batches")
            .select([
              "campaign_id",
              "variant",
              sql<number>`coalesce(sum(recipients) FILTER (WHERE status = 'accepted'), 0)::int`.as(
                "accepted",
              ),
              sql<number>`coalesce(sum(recipients) FILTER (WHERE status = 'failed'), 0)::int`.as(
                "failed",
              ),
            ])
            .where("campaign_id", "in", splitIds)
            .groupBy(["campaign_id", "variant"])
            .execute(),
        ]);
  return campaigns.map((campaign): CampaignResults => {
    const clicked = clickCounts.get(campaign.id) ?? [];
    const clicks = clicked.reduce((sum, c) => sum + c.clicks, 0);
    const uniqueClickers = clicked.reduce((sum, c) => sum + c.uniqueClickers, 0);
    const units = opens.get(campaign.id) ?? [];
    const campaignOpens = units.length > 0 ? combineOpens(units) : null;
    if (!campaign.variants) {
      return {
        variants: null,
        abResult: null,
        openAbResult: null,
        clicks,
        uniqueClickers,
        opens: campaignOpens,
      };
    }
    const of = <T extends { campaign_id: string; variant: number | null }>(
      rows: readonly T[],
      index: number,
    ) => rows.find((r) => r.campaign_id === campaign.id && r.variant === index);
    const variants = campaign.variants.map((variant, index): VariantResult => {
      const sent = of(recipients, index);
      const outcome = of(outcomes, index);
      const click = clicked.find((c) => c.variant === index);
      const unit = units.find((u) => u.variant === index);
      return {
        index,
        label: VARIANT_LABELS[index] ?? String(index + 1),
        weight: variant.weight,
        messages: variant.messages,
        recipients: sent?.recipients ?? 0,
        accepted: outcome?.accepted ?? 0,
        // Recipients LINE refused by name failed on their own, out of their batches.
        failed: (outcome?.failed ?? 0) + (sent?.refused ?? 0),
        skipped: sent?.skipped ?? 0,
        uniqueClickers: click?.uniqueClickers ?? 0,
        clicks: click?.clicks ?? 0,
        opens: unit ? openFigures(unit) : null,
      };
    });
    return {
      variants,
      abResult: abTest(variants),
      openAbResult: openRateTest(variants.map((v) => v.opens)),
      clicks,
      uniqueClickers,
      opens: campaignOpens,
    };
  });
}
