import { createHmac } from "node:crypto";
import { newNonce } from "../linking/pkce.ts";
import { signToken, verifyToken } from "../linking/signed-token.ts";

// The OAuth `state` of a tracking link's LINE Login: signed, not stored, so that a click costs
// no write before LINE answers. It carries the link's code and the ID token's nonce; the PKCE
// verifier is derived from it with the key, so only Kizuna can redeem the code.

/** Tells a click's state from ID linking's stored ones (random base64url, no prefix). */
export const CLICK_STATE_PREFIX = "click.";
const PURPOSE = "link-click";
/** LINE's authorization code lives 10 minutes; a state as long. */
export const CLICK_STATE_TTL_MS = 10 * 60 * 1000;

export interface ClickState {
  code: string;
  nonce: string;
  /** Past its 10 minutes: the link is still known, so the visitor still gets there. */
  expired: boolean;
}

/** A state for a login from the link with this code, and the nonce the ID token must carry. */
export function signClickState(
  key: Buffer,
  code: string,
  now: Date = new Date(),
): { state: string; nonce: string } {
  const nonce = newNonce();
  const token = signToken(
    key,
    PURPOSE,
    { c: code, n: nonce },
    new Date(now.getTime() + CLICK_STATE_TTL_MS),
  );
  return { state: `${CLICK_STATE_PREFIX}${token}`, nonce };
}

export function isClickState(state: string): boolean {
  return state.startsWith(CLICK_STATE_PREFIX);
}

/** What a state Kizuna signed carries; null when it did not sign it. */
export function readClickState(key: Buffer, state: string, now?: Date): ClickState | null {
  if (!isClickState(state)) return null;
  const token = state.slice(CLICK_STATE_PREFIX.length);
  const parse = (claims: Record<string, unknown>) =>
    typeof claims.c === "string" && typeof claims.n === "string"
      ? { code: claims.c, nonce: claims.n }
      : null;
  const checked = verifyToken(key, PURPOSE, token, parse, now);
  if (checked.ok) return { ...checked.claims, expired: false };
  if (checked.code !== "expired") return null;
  // Genuine (its MAC was checked first) but old: read it again as of its own expiry.
  const old = verifyToken(key, PURPOSE, token, parse, new Date(0));
  return old.ok ? { ...old.claims, expired: true } : null;
}

/** The PKCE verifier of a state: 43 base64url characters, as RFC 7636 asks. */
export function clickCodeVerifier(key: Buffer, state: string): string {
  return createHmac("sha256", key).update(`kizuna:link-click-pkce\n${state}`).digest("base64url");
}
