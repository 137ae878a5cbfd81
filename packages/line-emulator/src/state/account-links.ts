import type { EmulatorState } from "./state.ts";

/** LINE: a link token is valid for 10 minutes and only once (REF#issue-link-token). */
export const LINK_TOKEN_TTL_MS = 10 * 60 * 1000;

/** A link token issued to a bot for one of its users (DOC:linking-accounts). */
export type LinkTokenGrant = {
  linkToken: string;
  channelId: string;
  userId: string;
  issuedAt: number;
  /** When the dialog used it; a used token shows an error page and sends nothing. */
  usedAt?: number;
};

export type AccountLinkState = { linkTokens: Map<string, LinkTokenGrant> };

export type AccountLinkSnapshot = LinkTokenGrant[];

export function createAccountLinkState(): AccountLinkState {
  return { linkTokens: new Map() };
}

export function addLinkToken(state: EmulatorState, grant: LinkTokenGrant, nowMs: number): void {
  const tokens = state.accountLinks.linkTokens;
  for (const [token, old] of tokens) {
    if (nowMs - old.issuedAt > LINK_TOKEN_TTL_MS) tokens.delete(token);
  }
  tokens.set(grant.linkToken, grant);
  state.changed();
}

export function takeAccountLinkSnapshot(state: EmulatorState, nowMs: number): AccountLinkSnapshot {
  return [...state.accountLinks.linkTokens.values()].filter(
    (grant) => nowMs - grant.issuedAt <= LINK_TOKEN_TTL_MS,
  );
}

export function restoreAccountLinkSnapshot(
  state: EmulatorState,
  snapshot: AccountLinkSnapshot,
): void {
  for (const grant of snapshot) state.accountLinks.linkTokens.set(grant.linkToken, grant);
}
