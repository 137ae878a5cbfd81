import { MULTICAST_MAX_RECIPIENTS } from "./limits.ts";

/** One recipient in a claimed window, in snapshot order, with what it would receive. */
export interface PlannedRecipient {
  seq: number;
  /** Equal keys mean identical payloads; `invalid:…` means nothing can be sent. */
  payloadKey: string;
}

export type PlannedBatch =
  /** ≥2 recipients with one payload: one multicast request. */
  | { kind: "multicast"; seqFrom: number; seqTo: number; seqs: number[]; payloadKey: string }
  /** One recipient alone with their payload: one push request. */
  | { kind: "push"; seqFrom: number; seqTo: number; seqs: number[]; payloadKey: string }
  /** Recipients whose payload could not be made: recorded as failed, never sent. */
  | { kind: "unsendable"; seqFrom: number; seqTo: number; seqs: number[]; payloadKey: string };

export interface BatchPlan {
  batches: PlannedBatch[];
  /** Where the next window starts: after the last recipient planned. */
  nextSeq: number;
}

export const INVALID_PAYLOAD_PREFIX = "invalid:";

/**
 * Splits a window of recipients into requests. The snapshot orders recipients so that
 * identical payloads sit next to each other; each run of one payload becomes multicasts
 * of up to `max`, and a payload that only one recipient has goes by push. A batch is a
 * contiguous seq range, which is how recipients are found again to resend it.
 *
 * When the window is cut short (`windowEnd` is not the campaign's end), the last run may
 * continue in the next window, so its incomplete tail is left for it — unless it is the
 * whole window, which would make no progress.
 */
export function planBatches(
  recipients: readonly PlannedRecipient[],
  window: { from: number; to: number; isLast: boolean },
  max = MULTICAST_MAX_RECIPIENTS,
): BatchPlan {
  const runs: PlannedRecipient[][] = [];
  for (const recipient of recipients) {
    const run = runs.at(-1);
    if (run && run[0]!.payloadKey === recipient.payloadKey) run.push(recipient);
    else runs.push([recipient]);
  }
  let nextSeq = window.to + 1;
  const last = runs.at(-1);
  if (!window.isLast && last && last[0]!.seq !== recipients[0]!.seq) {
    const full = Math.floor(last.length / max) * max;
    if (full < last.length) {
      nextSeq = last[full]!.seq;
      last.length = full;
      if (full === 0) runs.pop();
    }
  }
  const batches: PlannedBatch[] = [];
  for (const run of runs) {
    const payloadKey = run[0]!.payloadKey;
    const invalid = payloadKey.startsWith(INVALID_PAYLOAD_PREFIX);
    for (let i = 0; i < run.length; i += max) {
      const chunk = run.slice(i, i + max);
      const kind = invalid ? "unsendable" : chunk.length === 1 ? "push" : "multicast";
      batches.push({
        kind,
        seqFrom: chunk[0]!.seq,
        seqTo: chunk.at(-1)!.seq,
        seqs: chunk.map((r) => r.seq),
        payloadKey,
      });
    }
  }
  return { batches, nextSeq };
}
