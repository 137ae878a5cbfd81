import { createHash } from "node:crypto";
import { signToken, type TokenCheck, verifyToken } from "./signed-token.ts";

/** How long the personal match-form URL the chat hands a friend stays usable. */
export const MATCH_FORM_TTL_MS = 60 * 60_000;
/** How long a friend may take to fill in a form Kizuna served. */
export const FORM_CSRF_TTL_MS = 30 * 60_000;

export interface MatchFormClaims {
  channelId: string;
  friendId: string;
}

/** The `t` of `/link/match?t=…`: whose form it is, signed, so the URL cannot be changed to another friend's. */
export function signMatchFormToken(key: Buffer, claims: MatchFormClaims, now = new Date()): string {
  return signToken(
    key,
    "match_form",
    { c: claims.channelId, f: claims.friendId },
    new Date(now.getTime() + MATCH_FORM_TTL_MS),
  );
}

export function readMatchFormToken(
  key: Buffer,
  token: string,
  now = new Date(),
): TokenCheck<{ c: string; f: string }> {
  return verifyToken(
    key,
    "match_form",
    token,
    (claims) =>
      typeof claims.c === "string" && typeof claims.f === "string"
        ? { c: claims.c, f: claims.f }
        : null,
    now,
  );
}

/**
 * Per-form CSRF for the public pages (no staff session there): the hidden field is a
 * signed token naming the page's subject (its link token or friend token) and a random
 * value that is also set as a cookie. A forged cross-site post has neither the cookie's
 * value nor a field signed for this subject.
 */
export function signFormToken(
  key: Buffer,
  form: { subject: string; browserNonce: string },
  now = new Date(),
): string {
  return signToken(
    key,
    "form",
    { s: subjectHash(form.subject), b: form.browserNonce },
    new Date(now.getTime() + FORM_CSRF_TTL_MS),
  );
}

export type FormTokenCheck = { ok: true } | { ok: false; code: "form_expired" | "form_invalid" };

export function checkFormToken(
  key: Buffer,
  token: string,
  form: { subject: string; browserNonce: string | undefined },
  now = new Date(),
): FormTokenCheck {
  const check = verifyToken(
    key,
    "form",
    token,
    (claims) =>
      typeof claims.s === "string" && typeof claims.b === "string"
        ? { s: claims.s, b: claims.b }
        : null,
    now,
  );
  if (!check.ok)
    return { ok: false, code: check.code === "expired" ? "form_expired" : "form_invalid" };
  if (
    !form.browserNonce ||
    check.claims.b !== form.browserNonce ||
    check.claims.s !== subjectHash(form.subject)
  )
    return { ok: false, code: "form_invalid" };
  return { ok: true };
}

function subjectHash(subject: string): string {
  return createHash("sha256").update(subject).digest("base64url").slice(0, 22);
}
