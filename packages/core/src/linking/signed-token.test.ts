import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signToken, type TokenClaims, verifyToken } from "./signed-token.ts";

const key = randomBytes(32);
const now = new Date("2026-05-01T00:00:00Z");
const inFiveMinutes = new Date(now.getTime() + 5 * 60_000);
const asIs = (claims: Record<string, unknown>) => claims as TokenClaims;

const claimsArb = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "exp" && k !== "__proto__"),
  fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
  { maxKeys: 5 },
);

describe("signed tokens", () => {
  it("round-trip their claims until they expire", () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 1, max: 10 ** 7 }), (claims, ttlSeconds) => {
        const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
        const token = signToken(key, "test", claims, expiresAt);
        const check = verifyToken(key, "test", token, asIs, now);
        expect(check).toEqual({ ok: true, claims, expiresAt });
        const later = new Date(expiresAt.getTime() + 1);
        expect(verifyToken(key, "test", token, asIs, later)).toEqual({
          ok: false,
          code: "expired",
        });
      }),
    );
  });

  it("refuse any changed character as tampered or malformed, never accept it", () => {
    const token = signToken(key, "test", { f: "12345", c: "channel" }, inFiveMinutes);
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/"),
        (at, replacement) => {
          fc.pre(token[at] !== replacement);
          const changed = token.slice(0, at) + replacement + token.slice(at + 1);
          const check = verifyToken(key, "test", changed, asIs, now);
          // The last base64url character of the MAC carries 4 padding bits; a change
          // there that decodes to the same bytes is the same token.
          if (check.ok) {
            expect(Buffer.from(changed.split(".")[1] ?? "", "base64url")).toEqual(
              Buffer.from(token.split(".")[1] ?? "", "base64url"),
            );
            return;
          }
          expect(["tampered", "malformed"]).toContain(check.code);
        },
      ),
    );
  });

  it("refuse an expired token as expired only when its MAC is genuine", () => {
    const past = new Date(now.getTime() - 1000);
    const token = signToken(key, "test", { f: "1" }, past);
    expect(verifyToken(key, "test", token, asIs, now)).toEqual({ ok: false, code: "expired" });
    const forged = `${Buffer.from(JSON.stringify({ f: "1", exp: 9_999_999_999 })).toString("base64url")}.${token.split(".")[1]}`;
    expect(verifyToken(key, "test", forged, asIs, now)).toEqual({ ok: false, code: "tampered" });
  });

  it("refuse a token made for another purpose or with another key", () => {
    const token = signToken(key, "match", { f: "1" }, inFiveMinutes);
    expect(verifyToken(key, "auto_login", token, asIs, now)).toEqual({
      ok: false,
      code: "tampered",
    });
    expect(verifyToken(randomBytes(32), "match", token, asIs, now)).toEqual({
      ok: false,
      code: "tampered",
    });
  });

  it("call arbitrary strings malformed or tampered, never valid", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const check = verifyToken(key, "test", text, asIs, now);
        expect(check.ok).toBe(false);
      }),
    );
    expect(verifyToken(key, "test", "", asIs, now)).toEqual({ ok: false, code: "malformed" });
    expect(verifyToken(key, "test", "a.b.c", asIs, now)).toEqual({ ok: false, code: "malformed" });
  });

  it("refuse genuine claims the purpose's parser rejects as malformed", () => {
    const token = signToken(key, "test", { f: 1 }, inFiveMinutes);
    const parse = (claims: Record<string, unknown>) =>
      typeof claims.f === "string" ? { f: claims.f } : null;
    expect(verifyToken(key, "test", token, parse, now)).toEqual({ ok: false, code: "malformed" });
  });
});
