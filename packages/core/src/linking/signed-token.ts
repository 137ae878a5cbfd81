import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Short-lived tokens Kizuna hands out in URLs (a friend's match form, auto-login links,
 * per-form CSRF tokens): `<payload>.<mac>`, both base64url. The payload is compact JSON
 * of the claims plus `exp` (seconds since the epoch); the MAC is HMAC-SHA256 over the
 * purpose and the payload, so a token made for one purpose is refused for any other.
 */
export type TokenClaims = Record<string, string | number>;

export type TokenErrorCode = "malformed" | "tampered" | "expired";

export type TokenCheck<T extends TokenClaims> =
  | { ok: true; claims: T; expiresAt: Date }
  | { ok: false; code: TokenErrorCode };

const MAC_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function signToken(
  key: Buffer,
  purpose: string,
  claims: TokenClaims,
  expiresAt: Date,
): string {
  if ("exp" in claims) throw new Error("`exp` is set from expiresAt");
  const payload = Buffer.from(
    JSON.stringify({ ...claims, exp: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${payload}.${mac(key, purpose, payload).toString("base64url")}`;
}

/**
 * Checks a token in this order: its shape, its MAC, then its expiry — so an expired
 * token is only reported as such when it is genuine. `parse` turns the verified claims
 * into the caller's type, or null when they are not what that purpose signs.
 */
export function verifyToken<T extends TokenClaims>(
  key: Buffer,
  purpose: string,
  token: string,
  parse: (claims: Record<string, unknown>) => T | null,
  now: Date = new Date(),
): TokenCheck<T> {
  const parts = token.split(".");
  if (parts.length !== 2) return { ok: false, code: "malformed" };
  const [payload = "", given = ""] = parts;
  if (!BASE64URL.test(payload) || !BASE64URL.test(given)) return { ok: false, code: "malformed" };
  const givenMac = Buffer.from(given, "base64url");
  if (givenMac.length !== MAC_BYTES) return { ok: false, code: "malformed" };
  if (!timingSafeEqual(givenMac, mac(key, purpose, payload)))
    return { ok: false, code: "tampered" };

  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, code: "malformed" };
  }
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded))
    return { ok: false, code: "malformed" };
  const { exp, ...rest } = decoded as Record<string, unknown>;
  if (typeof exp !== "number" || !Number.isInteger(exp)) return { ok: false, code: "malformed" };
  const claims = parse(rest);
  if (!claims) return { ok: false, code: "malformed" };
  const expiresAt = new Date(exp * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, code: "expired" };
  return { ok: true, claims, expiresAt };
}

function mac(key: Buffer, purpose: string, payload: string): Buffer {
  return createHmac("sha256", key).update(`kizuna:${purpose}\n${payload}`).digest();
}
