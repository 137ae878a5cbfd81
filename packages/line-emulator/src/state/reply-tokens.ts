import { newReplyToken } from "../ids.ts";
import type { EmulatorState } from "./state.ts";
import type { ReplyTokenGrant } from "./types.ts";

/** LINE: a reply token must be used within one minute and only once (REF#send-reply-message). */
export const REPLY_TOKEN_TTL_MS = 60_000;

const SWEEP_EVERY = 1000;
let issuedSinceSweep = 0;

export function issueReplyToken(
  state: EmulatorState,
  grant: ReplyTokenGrant,
  ttlMs: number,
): string {
  if (++issuedSinceSweep >= SWEEP_EVERY) {
    issuedSinceSweep = 0;
    sweepExpired(state, grant.issuedAt, ttlMs);
  }
  let token = newReplyToken();
  while (state.replyTokens.has(token)) token = newReplyToken();
  state.replyTokens.set(token, grant);
  return token;
}

/**
 * Uses up a reply token. Returns the grant when the token is valid for this channel; a used,
 * expired, unknown or other channel's token gives undefined (LINE: "Invalid reply token").
 */
export function consumeReplyToken(
  state: EmulatorState,
  channelId: string,
  token: string,
  nowMs: number,
  ttlMs: number,
): ReplyTokenGrant | undefined {
  const grant = state.replyTokens.get(token);
  if (!grant || grant.channelId !== channelId) return undefined;
  state.replyTokens.delete(token);
  if (nowMs - grant.issuedAt > ttlMs) return undefined;
  return grant;
}

function sweepExpired(state: EmulatorState, nowMs: number, ttlMs: number): void {
  for (const [token, grant] of state.replyTokens) {
    if (nowMs - grant.issuedAt > ttlMs) state.replyTokens.delete(token);
  }
}
