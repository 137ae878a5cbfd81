import { createHmac, timingSafeEqual } from "node:crypto";
import { err, ok, type Result } from "../result.ts";

// ID tokens as LINE signs them for web login: a JWT with HS256 keyed with the LINE Login
// channel's secret (LDOC:verify-id-token). Native apps and LIFF get ES256 tokens instead; the
// emulator only issues the web kind.

export const ID_TOKEN_ISSUER = "https://access.line.me";

export type IdTokenPayload = {
  iss: string;
  sub: string;
  aud: string;
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
  auth_time?: number;
  nonce?: string;
  amr?: string[];
  name?: string;
  picture?: string;
  email?: string;
};

const HEADER = base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));

export function signIdToken(payload: IdTokenPayload, channelSecret: string): string {
  const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${hmac(body, channelSecret)}`;
}

export type DecodedIdToken = { payload: IdTokenPayload; signedPart: string; signature: string };

/** Splits a compact JWT and reads its payload; undefined when it is not a readable HS256 JWT. */
export function decodeIdToken(token: string): DecodedIdToken | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const { alg } = JSON.parse(Buffer.from(header, "base64url").toString());
    if (alg !== "HS256") return undefined;
    const parsed = JSON.parse(Buffer.from(payload, "base64url").toString());
    if (typeof parsed !== "object" || parsed === null) return undefined;
    return { payload: parsed as IdTokenPayload, signedPart: `${header}.${payload}`, signature };
  } catch {
    return undefined;
  }
}

export function hasValidSignature(decoded: DecodedIdToken, channelSecret: string): boolean {
  const expected = Buffer.from(hmac(decoded.signedPart, channelSecret));
  const given = Buffer.from(decoded.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** LINE's answers from POST /oauth2/v2.1/verify for a bad ID token (LREF#verify-id-token). */
export type IdTokenProblem =
  | "Invalid IdToken."
  | "Invalid IdToken Issuer."
  | "IdToken expired."
  | "Invalid IdToken Audience."
  | "Invalid IdToken Nonce."
  | "Invalid IdToken Subject Identifier.";

/**
 * Verifies an ID token the way LINE's verify endpoint does: signature (with the secret of the
 * channel it was issued for), issuer, expiry, audience, then the optional nonce and user ID.
 */
export function verifyIdToken(
  token: string,
  expected: { clientId: string; nonce?: string; userId?: string },
  secretOf: (channelId: string) => string | undefined,
  nowMs: number,
): Result<IdTokenPayload, IdTokenProblem> {
  const decoded = decodeIdToken(token);
  if (!decoded) return err("Invalid IdToken.");
  const { payload } = decoded;
  const secret = typeof payload.aud === "string" ? secretOf(payload.aud) : undefined;
  if (!secret || !hasValidSignature(decoded, secret)) return err("Invalid IdToken.");
  if (payload.iss !== ID_TOKEN_ISSUER) return err("Invalid IdToken Issuer.");
  if (typeof payload.exp !== "number" || payload.exp * 1000 <= nowMs)
    return err("IdToken expired.");
  if (payload.aud !== expected.clientId) return err("Invalid IdToken Audience.");
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
    return err("Invalid IdToken Nonce.");
  }
  if (expected.userId !== undefined && payload.sub !== expected.userId) {
    return err("Invalid IdToken Subject Identifier.");
  }
  return ok(payload);
}

function hmac(data: string, secret: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
