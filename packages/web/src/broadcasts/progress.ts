import type { Broadcast } from "../api/types.ts";

/** Recipients the sender is finished with, whatever the outcome. */
export function processedCount(broadcast: Broadcast): number {
  return broadcast.sent + broadcast.failed + broadcast.skipped;
}

/** 0–100, for a progress bar. */
export function progressPercent(broadcast: Broadcast): number {
  if (broadcast.recipients <= 0) return broadcast.status === "done" ? 100 : 0;
  const percent = (processedCount(broadcast) / broadcast.recipients) * 100;
  return Math.min(100, Math.max(0, percent));
}

export interface ProgressSections {
  sent: number;
  failed: number;
  skipped: number;
}

/** Each outcome's share of the recipients, 0–100, never adding up to more than 100. */
export function progressSections(broadcast: Broadcast): ProgressSections {
  if (broadcast.recipients <= 0) return { sent: 0, failed: 0, skipped: 0 };
  const scale = 100 / Math.max(broadcast.recipients, processedCount(broadcast));
  return {
    sent: broadcast.sent * scale,
    failed: broadcast.failed * scale,
    skipped: broadcast.skipped * scale,
  };
}
