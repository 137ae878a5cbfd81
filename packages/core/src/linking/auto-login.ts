import { randomBytes } from "node:crypto";
import { signToken, type TokenCheck, verifyToken } from "./signed-token.ts";

/** The purpose auto-login tokens are signed for (signed-token.ts). */
export const AUTO_LOGIN_PURPOSE = "auto_login";
/** The query parameter an auto-login link carries its token in. */
export const AUTO_LOGIN_PARAM = "kizuna_token";
/**
 * How long a login link sent in a message stays usable. Longer than a link the API issues
 * (minutes) because a friend may open a campaign hours later; it still works only once.
 */
export const MESSAGE_LOGIN_LINK_TTL_MS = 24 * 60 * 60_000;

/**
 * An auto-login token's claims. `j` names its single-use record. A token the API issues has
 * its record made beforehand; one signed into a message also names the friend (`f`) and the
 * member (`m`) it signs in, and its record is made when it is used, so that sending to a
 * million linked friends writes no row for the links nobody opens.
 */
export type AutoLoginClaims = { j: string } | { j: string; f: string; m: string };

export function parseAutoLoginClaims(claims: Record<string, unknown>): AutoLoginClaims | null {
  const { j, f, m } = claims;
  if (typeof j !== "string" || j === "") return null;
  if (f === undefined && m === undefined) return { j };
  if (typeof f !== "string" || typeof m !== "string") return null;
  return { j, f, m };
}

export function verifyAutoLoginToken(
  key: Buffer,
  token: string,
  now: Date = new Date(),
): TokenCheck<AutoLoginClaims> {
  return verifyToken(key, AUTO_LOGIN_PURPOSE, token, parseAutoLoginClaims, now);
}

export function newAutoLoginId(): string {
  return randomBytes(16).toString("base64url");
}

/** `target` with the token added as `kizuna_token`, which the site trades for the member. */
export function autoLoginUrl(target: string, token: string): string {
  const url = new URL(target);
  url.searchParams.set(AUTO_LOGIN_PARAM, token);
  return url.toString();
}

/**
 * Signs login links for one linked friend, as a message renders them (`{{login_url:…}}`):
 * each call is a new single-use token valid for `ttlMs` from `now`.
 */
export function messageLoginLinks(
  key: Buffer,
  recipient: { friendId: string; memberId: string },
  now: Date = new Date(),
  ttlMs: number = MESSAGE_LOGIN_LINK_TTL_MS,
): (target: string) => string {
  const expiresAt = new Date(now.getTime() + ttlMs);
  return (target) =>
    autoLoginUrl(
      target,
      signToken(
        key,
        AUTO_LOGIN_PURPOSE,
        { j: newAutoLoginId(), f: recipient.friendId, m: recipient.memberId },
        expiresAt,
      ),
    );
}
