import { type EmulatorState, mapFor } from "./state.ts";
import type { AcceptedRetry } from "./types.ts";

/** LINE keeps a retry key for 24 hours from the first request (docs: retrying-api-request). */
export const RETRY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

export function findAcceptedRetry(
  state: EmulatorState,
  channelId: string,
  retryKey: string,
  nowMs: number,
): AcceptedRetry | undefined {
  const keys = state.retryKeys.get(channelId);
  const accepted = keys?.get(retryKey);
  if (!accepted) return undefined;
  if (nowMs - accepted.acceptedAt >= RETRY_KEY_RETENTION_MS) {
    keys!.delete(retryKey);
    return undefined;
  }
  return accepted;
}

export function acceptRetry(state: EmulatorState, accepted: AcceptedRetry): void {
  mapFor(state.retryKeys, accepted.channelId).set(accepted.retryKey, accepted);
  state.changed();
}

/** Retry keys still within retention, for saving. */
export function liveRetryKeys(state: EmulatorState, nowMs: number): AcceptedRetry[] {
  const live: AcceptedRetry[] = [];
  for (const keys of state.retryKeys.values()) {
    for (const accepted of keys.values()) {
      if (nowMs - accepted.acceptedAt < RETRY_KEY_RETENTION_MS) live.push(accepted);
    }
  }
  return live;
}
