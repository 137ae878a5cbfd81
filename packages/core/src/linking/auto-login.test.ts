import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AUTO_LOGIN_PARAM,
  autoLoginUrl,
  MESSAGE_LOGIN_LINK_TTL_MS,
  messageLoginLinks,
  verifyAutoLoginToken,
} from "./auto-login.ts";
import { signToken } from "./signed-token.ts";

const key = randomBytes(32);
const now = new Date("2026-04-01T00:00:00Z");
const recipient = { friendId: "42", memberId: "6d1f0a3e-0000-4000-8000-000000000001" };

function tokenOf(url: string): string {
  return new URL(url).searchParams.get(AUTO_LOGIN_PARAM) ?? "";
}

describe("login links in messages", () => {
  it("add a token naming the friend and member to the page, keeping its own query", () => {
    const url = messageLoginLinks(key, recipient, now)("https://shop.example/mypage?tab=points");
    expect(url).toMatch(/^https:\/\/shop\.example\/mypage\?tab=points&kizuna_token=/);
    const check = verifyAutoLoginToken(key, tokenOf(url), now);
    expect(check).toMatchObject({
      ok: true,
      claims: { f: "42", m: recipient.memberId },
      expiresAt: new Date(now.getTime() + MESSAGE_LOGIN_LINK_TTL_MS),
    });
  });

  it("are a new single-use token at every link, even for the same page", () => {
    const links = messageLoginLinks(key, recipient, now);
    const [a, b] = [links("https://shop.example/"), links("https://shop.example/")];
    expect(a).not.toBe(b);
    const ids = [a, b].map((url) => {
      const check = verifyAutoLoginToken(key, tokenOf(url), now);
      return check.ok ? check.claims.j : null;
    });
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("expire after a day", () => {
    const url = messageLoginLinks(key, recipient, now)("https://shop.example/");
    const dayLater = new Date(now.getTime() + MESSAGE_LOGIN_LINK_TTL_MS);
    expect(verifyAutoLoginToken(key, tokenOf(url), dayLater)).toEqual({
      ok: false,
      code: "expired",
    });
  });

  it("refuse a token that names a friend without a member", () => {
    const token = signToken(key, "auto_login", { j: "x", f: "42" }, new Date(now.getTime() + 1000));
    expect(verifyAutoLoginToken(key, token, now)).toEqual({ ok: false, code: "malformed" });
  });

  it("are tied to their purpose: a form token with the same key is refused", () => {
    const token = signToken(key, "match_form", { j: "x" }, new Date(now.getTime() + 1000));
    expect(verifyAutoLoginToken(key, token, now)).toEqual({ ok: false, code: "tampered" });
    expect(autoLoginUrl("https://shop.example", "t")).toBe("https://shop.example/?kizuna_token=t");
  });
});
