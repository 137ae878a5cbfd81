import type { CampaignView } from "@kizuna/db";

/** The admin API's view of a campaign; `text` is the first text message, for lists. */
export function presentCampaign(campaign: CampaignView) {
  const { channelId: _, ...rest } = campaign;
  const firstText = campaign.messages.find(
    (m): m is { type: "text"; text: string } =>
      typeof m === "object" && m !== null && (m as { type?: unknown }).type === "text",
  );
  return { ...rest, text: firstText?.text ?? "" };
}
