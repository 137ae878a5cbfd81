import { createHmac, timingSafeEqual } from "node:crypto";

/** The claims of a LINE Login ID token that Kizuna uses. */
export interface LineIdTokenClaims {
  /** The LINE user id; equals the Messaging API user id only under one provider. */
  sub: string;
  name: string | null;
  picture: string | null;
  email: string | null;
  amr: string[];
  expiresAt: Date;
}

export type IdTokenErrorCode =
  | "malformed"
  | "unsupported_algorithm"
  | "bad_signature"
  | "wrong_issuer"
  | "wrong_audience"
  | "expired"
  | "wrong_nonce";

export type IdTokenCheck =
  | { ok: true; claims: LineIdTokenClaims }
  | { ok: false; code: IdTokenErrorCode };

export const LINE_ISSUER = "https://access.line.me";

export interface IdTokenExpectations {
  /** The LINE Login channel id: the token's audience. */
  channelId: string;
  /** The LINE Login channel secret: the HS256 key of tokens issued to web logins. */
  channelSecret: string;
  /** The nonce Kizuna sent with the authorization request. */
  nonce: string;
  now?: Date;
}

/**
 * Verifies an ID token from LINE Login's token endpoint as LINE documents it: HS256
 * keyed with the channel secret for web logins, `iss` https://access.line.me, `aud` the
 * channel id, `exp` in the future and `nonce` the one this login sent.
 * https://developers.line.biz/en/docs/line-login/verify-id-token/
 */
export function verifyLineIdToken(idToken: string, expected: IdTokenExpectations): IdTokenCheck {
  const parts = idToken.split(".");
  if (parts.length !== 3) return { ok: false, code: "malformed" };
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return { ok: false, code: "malformed" };
  // Only HS256: a token claiming `none` or an asymmetric algorithm is not one LINE
  // issues to a web login, and accepting it would let anyone mint one.
  if (header.alg !== "HS256") return { ok: false, code: "unsupported_algorithm" };

  const expectedSignature = createHmac("sha256", expected.channelSecret)
    .update(`${headerPart}.${payloadPart}`)
    .digest();
  const signature = Buffer.from(signaturePart, "base64url");
  if (
    signature.length !== expectedSignature.length ||
    !timingSafeEqual(signature, expectedSignature)
  )
    return { ok: false, code: "bad_signature" };

  if (payload.iss !== LINE_ISSUER) return { ok: false, code: "wrong_issuer" };
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audience.includes(expected.channelId)) return { ok: false, code: "wrong_audience" };
  if (typeof payload.exp !== "number") return { ok: false, code: "malformed" };
  const expiresAt = new Date(payload.exp * 1000);
  if (expiresAt.getTime() <= (expected.now ?? new Date()).getTime())
    return { ok: false, code: "expired" };
  if (typeof payload.nonce !== "string" || !safeEqual(payload.nonce, expected.nonce))
    return { ok: false, code: "wrong_nonce" };
  if (typeof payload.sub !== "string" || payload.sub.length === 0)
    return { ok: false, code: "malformed" };

  return {
    ok: true,
    claims: {
      sub: payload.sub,
      name: typeof payload.name === "string" ? payload.name : null,
      picture: typeof payload.picture === "string" ? payload.picture : null,
      email: typeof payload.email === "string" ? payload.email : null,
      amr: Array.isArray(payload.amr)
        ? payload.amr.filter((m): m is string => typeof m === "string")
        : [],
      expiresAt,
    },
  };
}

function decodeJson(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
