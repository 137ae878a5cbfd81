import type { EmulatorState } from "../state/state.ts";
import { replyTokenOf, type WebhookEvent } from "./events.ts";

/** A redelivered event's reply token works until 20 minutes after the event, at most (REF#send-reply-message-reply-token). */
export const REDELIVERED_REPLY_TOKEN_CAP_MS = 20 * 60 * 1000;

/**
 * Gives the reply tokens of redelivered events a fresh lifetime: usable for `ttlMs` after the
 * redelivery, unless already used or 20 minutes have passed since the event.
 */
export function refreshReplyTokens(
  state: EmulatorState,
  events: WebhookEvent[],
  nowMs: number,
  ttlMs: number,
): void {
  for (const event of events) {
    const token = replyTokenOf(event);
    const grant = token === undefined ? undefined : state.replyTokens.get(token);
    if (!grant) continue;
    const latestStart = event.timestamp + REDELIVERED_REPLY_TOKEN_CAP_MS - ttlMs;
    grant.issuedAt = Math.max(grant.issuedAt, Math.min(nowMs, latestStart));
  }
}
