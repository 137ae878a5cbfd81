import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LINE_ISSUER, verifyLineIdToken } from "./id-token.ts";

const channelId = "1234567890";
const channelSecret = "login-channel-secret";
const now = new Date("2026-05-01T00:00:00Z");
const nowSeconds = Math.floor(now.getTime() / 1000);

function jwt(payload: Record<string, unknown>, options: { alg?: string; secret?: string } = {}) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const head = `${part({ typ: "JWT", alg: options.alg ?? "HS256" })}.${part(payload)}`;
  const signature = createHmac("sha256", options.secret ?? channelSecret)
    .update(head)
    .digest("base64url");
  return `${head}.${signature}`;
}

const valid = {
  iss: LINE_ISSUER,
  sub: "U0123456789abcdef0123456789abcdef",
  aud: channelId,
  exp: nowSeconds + 3600,
  iat: nowSeconds,
  nonce: "the-nonce",
  amr: ["pwd"],
  name: "山田 太郎",
};
const expect_ = { channelId, channelSecret, nonce: "the-nonce", now };

describe("LINE ID token verification", () => {
  it("accepts a token LINE issued for this login", () => {
    const check = verifyLineIdToken(jwt(valid), expect_);
    expect(check).toMatchObject({
      ok: true,
      claims: { sub: valid.sub, name: "山田 太郎", picture: null, email: null, amr: ["pwd"] },
    });
  });

  it.each([
    ["another nonce (a replayed token)", { nonce: "other" }, "wrong_nonce"],
    ["no nonce", { nonce: undefined }, "wrong_nonce"],
    ["another issuer", { iss: "https://evil.example" }, "wrong_issuer"],
    ["another channel", { aud: "999" }, "wrong_audience"],
    ["an expiry in the past", { exp: nowSeconds - 1 }, "expired"],
  ])("refuses %s", (_what, change, code) => {
    expect(verifyLineIdToken(jwt({ ...valid, ...change }), expect_)).toEqual({ ok: false, code });
  });

  it("refuses a token signed with another secret, or a changed payload", () => {
    expect(verifyLineIdToken(jwt(valid, { secret: "guess" }), expect_)).toEqual({
      ok: false,
      code: "bad_signature",
    });
    const [head, , signature] = jwt(valid).split(".");
    const payload = Buffer.from(JSON.stringify({ ...valid, sub: "Uattacker" })).toString(
      "base64url",
    );
    expect(verifyLineIdToken(`${head}.${payload}.${signature}`, expect_)).toEqual({
      ok: false,
      code: "bad_signature",
    });
  });

  it("refuses alg none and any algorithm but HS256", () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const none = `${part({ alg: "none" })}.${part(valid)}.`;
    expect(verifyLineIdToken(none, expect_)).toEqual({ ok: false, code: "unsupported_algorithm" });
    expect(verifyLineIdToken(jwt(valid, { alg: "ES256" }), expect_)).toEqual({
      ok: false,
      code: "unsupported_algorithm",
    });
  });

  it("calls garbage malformed", () => {
    for (const text of ["", "a.b", "a.b.c", "!!!.???.***"])
      expect(verifyLineIdToken(text, expect_)).toEqual({ ok: false, code: "malformed" });
  });
});
