import { audienceNames, type CampaignView, campaignResults, type DB } from "@kizuna/db";
import type { Kysely } from "kysely";

/**
 * The admin API's view of a campaign; `text` is the first text message (variant A's), for
 * lists.
 */
export function presentCampaign(campaign: CampaignView) {
  const { channelId: _, ...rest } = campaign;
  const firstText = (campaign.variants?.[0]?.messages ?? campaign.messages).find(
    (m): m is { type: "text"; text: string } =>
      typeof m === "object" && m !== null && (m as { type?: unknown }).type === "text",
  );
  return { ...rest, text: firstText?.text ?? "" };
}

/**
 * Campaigns as the admin API shows them, each with `audienceNames`: the name of every segment
 * and list its audience names (null for one deleted since it started), read once for all.
 */
export async function presentCampaigns(
  db: Kysely<DB>,
  channelId: string,
  campaigns: readonly CampaignView[],
) {
  const names = await audienceNames(
    db,
    channelId,
    campaigns.map((c) => c.audience),
  );
  // Clicks, and an A/B split's variants with their counts and the A/B test.
  const results = await campaignResults(db, campaigns);
  return campaigns.map((campaign, i) => ({
    ...presentCampaign(campaign),
    audienceNames: names[i]!,
    ...results[i]!,
  }));
}
