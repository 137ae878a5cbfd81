import type { Campaign } from "./types.ts";

/** Recipients whose outcome is known: accepted by LINE, failed or skipped. */
export function processedCount(campaign: Campaign): number {
  return campaign.accepted + campaign.failed + skippedCount(campaign);
}

export function skippedCount(campaign: Campaign): number {
  const { blocked, capped, quietHours } = campaign.skipped;
  return blocked + capped + quietHours;
}

/** 0–100, for a progress bar. */
export function progressPercent(campaign: Campaign): number {
  if (campaign.recipients <= 0) return campaign.status === "done" ? 100 : 0;
  const percent = (processedCount(campaign) / campaign.recipients) * 100;
  return Math.min(100, Math.max(0, percent));
}

export interface ProgressSections {
  accepted: number;
  failed: number;
  skipped: number;
}

/** Each outcome's share of the recipients, 0–100, never adding up to more than 100. */
export function progressSections(campaign: Campaign): ProgressSections {
  if (campaign.recipients <= 0) return { accepted: 0, failed: 0, skipped: 0 };
  const scale = 100 / Math.max(campaign.recipients, processedCount(campaign));
  return {
    accepted: campaign.accepted * scale,
    failed: campaign.failed * scale,
    skipped: skippedCount(campaign) * scale,
  };
}

/** Recipients per second since the campaign started, while it sends. */
export function sendRate(campaign: Campaign, now: number): number | null {
  if (campaign.status !== "sending" || !campaign.startedAt) return null;
  const seconds = (now - new Date(campaign.startedAt).getTime()) / 1000;
  return seconds > 0.5 ? processedCount(campaign) / seconds : null;
}
