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

export function isInProgress(broadcast: Broadcast): boolean {
  return broadcast.status === "queued" || broadcast.status === "sending";
}
