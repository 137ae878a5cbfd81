import { type LinkToTrack, type TrackOptions, trackMessageLinks } from "./links.ts";

/** A tracking link of a campaign: its code, the URL, and the variant whose messages hold it. */
export interface CampaignLinkToTrack extends LinkToTrack {
  /** 0-based variant index; null for a single-variant campaign. */
  variant: number | null;
}

interface CampaignMessages {
  messages?: readonly unknown[] | undefined;
  variants?: readonly { messages: readonly unknown[] }[] | undefined;
}

/**
 * A campaign as it is stored: its messages, or each variant's, with their links replaced by
 * tracking links, and the links to store with it. Each variant has links of its own, so that
 * a click tells which variant it came from.
 */
export function trackCampaignLinks<C extends CampaignMessages>(
  campaign: C,
  options: TrackOptions,
): { campaign: C; links: CampaignLinkToTrack[] } {
  const links: CampaignLinkToTrack[] = [];
  const tracked: C = { ...campaign };
  if (campaign.messages) {
    const result = trackMessageLinks(campaign.messages, options);
    tracked.messages = result.messages;
    links.push(...result.links.map((link) => ({ ...link, variant: null })));
  }
  if (campaign.variants) {
    tracked.variants = campaign.variants.map((variant, index) => {
      const result = trackMessageLinks(variant.messages, options);
      links.push(...result.links.map((link) => ({ ...link, variant: index })));
      return { ...variant, messages: result.messages };
    });
  }
  return { campaign: tracked, links };
}
