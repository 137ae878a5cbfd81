import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkFormToken,
  readMatchFormToken,
  signFormToken,
  signMatchFormToken,
} from "./form-tokens.ts";

const key = randomBytes(32);

describe("form tokens", () => {
  it("name the friend a match form belongs to for an hour", () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const token = signMatchFormToken(key, { channelId: "c1", friendId: "42" }, now);
    expect(readMatchFormToken(key, token, now)).toMatchObject({
      ok: true,
      claims: { c: "c1", f: "42" },
    });
    const later = new Date(now.getTime() + 61 * 60_000);
    expect(readMatchFormToken(key, token, later)).toEqual({ ok: false, code: "expired" });
  });

  it("accept a form post only with the page's subject and the browser's cookie", () => {
    const token = signFormToken(key, { subject: "link-token-1", browserNonce: "cookie-1" });
    expect(
      checkFormToken(key, token, { subject: "link-token-1", browserNonce: "cookie-1" }),
    ).toEqual({ ok: true });
    expect(
      checkFormToken(key, token, { subject: "link-token-1", browserNonce: undefined }),
    ).toEqual({
      ok: false,
      code: "form_invalid",
    });
    expect(
      checkFormToken(key, token, { subject: "link-token-2", browserNonce: "cookie-1" }),
    ).toEqual({
      ok: false,
      code: "form_invalid",
    });
    expect(
      checkFormToken(key, "forged", { subject: "link-token-1", browserNonce: "cookie-1" }),
    ).toEqual({
      ok: false,
      code: "form_invalid",
    });
  });

  it("keep a match-form token from passing as a form token", () => {
    const match = signMatchFormToken(key, { channelId: "c1", friendId: "42" });
    expect(checkFormToken(key, match, { subject: "x", browserNonce: "y" })).toEqual({
      ok: false,
      code: "form_invalid",
    });
  });
});
