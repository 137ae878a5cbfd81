import { randomBytes } from "node:crypto";
import { createSecretBox, type MatchAnswer, messageLoginLinks } from "@kizuna/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  checkLinkToken,
  consumeAccountLinkNonce,
  issueAccountLinkNonce,
  MAX_FAILED_SIGN_INS,
  recordFailedSignIn,
  recordLinkToken,
} from "./account-link.ts";
import { issueAutoLoginToken, redeemAutoLoginToken } from "./auto-login.ts";
import { matchAndLink } from "./form-match.ts";
import { unlinkFriend } from "./links.ts";
import {
  consumeLoginState,
  createLoginAssertion,
  redeemLoginAssertion,
  startLogin,
} from "./login-states.ts";
import { ensureFollowingFriend, findFriendLink } from "./members.ts";
import { applyPendingLinks, PENDING_LINK_TTL_MS, savePendingLink } from "./pending.ts";
import { linkingSettings, saveLinkingSettings } from "./settings.ts";
import { linkingKey } from "./signing-key.ts";

describe.each(testDatabaseKinds())("linking flows on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let counter = 0;
  const box = createSecretBox(randomBytes(32));

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "200",
        name: "Shop",
        secret_enc: "s",
        access_token_enc: "t",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
  });
  afterAll(() => database?.close());

  const nextUserId = () => `U${String(++counter).padStart(32, "0")}`;

  async function friend(): Promise<{ id: string; lineUserId: string }> {
    const lineUserId = nextUserId();
    const { friendId } = await ensureFollowingFriend(
      database.db,
      channelId,
      lineUserId,
      new Date(),
    );
    return { id: friendId, lineUserId };
  }

  async function member(fields: { email?: string; phone?: string; birthday?: string } = {}) {
    const externalId = `M${++counter}`;
    const row = await database.db
      .insertInto("members")
      .values({ external_id: externalId, attributes: "{}", ...fields })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, externalId };
  }

  describe("account link", () => {
    async function issued(issuedAt = new Date()) {
      const f = await friend();
      const linkToken = randomBytes(16).toString("hex");
      await recordLinkToken(database.db, {
        channelId,
        friendId: f.id,
        lineUserId: f.lineUserId,
        linkToken,
        issuedAt,
      });
      return { ...f, linkToken };
    }

    const consume = (nonce: string, lineUserId: string, now = new Date()) =>
      database.db
        .transaction()
        .execute((trx) => consumeAccountLinkNonce(trx, { channelId, nonce, lineUserId, now }));

    it("binds a nonce to the friend and the member, and accepts it once", async () => {
      const f = await issued();
      const issue = await issueAccountLinkNonce(database.db, {
        linkToken: f.linkToken,
        externalId: "EXT-1",
      });
      if (!issue.ok) throw new Error(issue.code);
      expect(issue.nonce.length).toBeGreaterThanOrEqual(22);
      expect(await consume(issue.nonce, f.lineUserId)).toEqual({
        ok: true,
        memberId: issue.memberId,
      });
      expect(await consume(issue.nonce, f.lineUserId)).toEqual({ ok: false, code: "nonce_used" });
    });

    it("refuses a nonce presented for another LINE user, and burns it", async () => {
      const f = await issued();
      const issue = await issueAccountLinkNonce(database.db, {
        linkToken: f.linkToken,
        externalId: "EXT-2",
      });
      if (!issue.ok) throw new Error(issue.code);
      expect(await consume(issue.nonce, nextUserId())).toEqual({
        ok: false,
        code: "nonce_other_user",
      });
      expect(await consume(issue.nonce, f.lineUserId)).toEqual({ ok: false, code: "nonce_used" });
    });

    it("refuses an unknown nonce and one used after ten minutes", async () => {
      const f = await issued();
      expect(await consume("made-up-nonce", f.lineUserId)).toEqual({
        ok: false,
        code: "nonce_unknown",
      });
      const issue = await issueAccountLinkNonce(database.db, {
        linkToken: f.linkToken,
        externalId: "EXT-3",
      });
      if (!issue.ok) throw new Error(issue.code);
      const later = new Date(Date.now() + 11 * 60_000);
      expect(await consume(issue.nonce, f.lineUserId, later)).toEqual({
        ok: false,
        code: "nonce_expired",
      });
    });

    it("refuses an expired or unknown link token, and one after too many wrong passwords", async () => {
      const old = await issued(new Date(Date.now() - 11 * 60_000));
      expect(
        await issueAccountLinkNonce(database.db, { linkToken: old.linkToken, externalId: "X" }),
      ).toEqual({
        ok: false,
        code: "link_token_expired",
      });
      expect(await checkLinkToken(database.db, "nope")).toEqual({
        ok: false,
        code: "link_token_unknown",
      });
      const f = await issued();
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
        await recordFailedSignIn(database.db, f.linkToken);
      expect(await checkLinkToken(database.db, f.linkToken)).toEqual({
        ok: false,
        code: "too_many_sign_ins",
      });
    });
  });

  describe("LINE Login states and assertions", () => {
    it("accept a state once and refuse its replay", async () => {
      const login = await startLogin(database.db, {
        channelId,
        purpose: "site_login",
        returnTo: "https://shop.example/",
      });
      const use = () =>
        database.db.transaction().execute((trx) => consumeLoginState(trx, login.state));
      expect(await use()).toMatchObject({
        ok: true,
        login: { nonce: login.nonce, codeVerifier: login.codeVerifier },
      });
      expect(await use()).toEqual({ ok: false, code: "state_used" });
      expect(
        await database.db.transaction().execute((trx) => consumeLoginState(trx, "unknown")),
      ).toEqual({ ok: false, code: "state_unknown" });
    });

    it("refuse a state after ten minutes", async () => {
      const login = await startLogin(database.db, { channelId, purpose: "inflow_route" });
      const later = new Date(Date.now() + 11 * 60_000);
      expect(
        await database.db
          .transaction()
          .execute((trx) => consumeLoginState(trx, login.state, later)),
      ).toEqual({ ok: false, code: "state_expired" });
    });

    it("let the site redeem what LINE Login told once", async () => {
      const m = await member();
      const token = await createLoginAssertion(database.db, {
        channelId,
        lineUserId: "Uabc",
        memberId: m.id,
        linked: true,
        friendshipStatusChanged: true,
      });
      expect(await redeemLoginAssertion(database.db, token)).toMatchObject({
        ok: true,
        lineUserId: "Uabc",
        externalId: m.externalId,
        linked: true,
        friendshipStatusChanged: true,
      });
      expect(await redeemLoginAssertion(database.db, token)).toEqual({
        ok: false,
        code: "assertion_used",
      });
      expect(await redeemLoginAssertion(database.db, "nope")).toEqual({
        ok: false,
        code: "assertion_unknown",
      });
    });
  });

  describe("auto-login tokens", () => {
    async function linkedFriend() {
      const [f, m] = [await friend(), await member()];
      await database.db
        .updateTable("friends")
        .set({ member_id: m.id })
        .where("id", "=", f.id)
        .execute();
      return { ...f, member: m };
    }

    it("sign a linked friend in once, and refuse the same token again", async () => {
      const key = await linkingKey(database.db, box);
      const f = await linkedFriend();
      const issue = await issueAutoLoginToken(database.db, key, {
        channelId,
        lineUserId: f.lineUserId,
      });
      if (!issue.ok) throw new Error(issue.code);
      expect(await redeemAutoLoginToken(database.db, key, issue.token)).toEqual({
        ok: true,
        externalId: f.member.externalId,
        lineUserId: f.lineUserId,
        channelId,
      });
      expect(await redeemAutoLoginToken(database.db, key, issue.token)).toEqual({
        ok: false,
        code: "token_used",
      });
    });

    it("refuse expired and tampered tokens with their own codes", async () => {
      const key = await linkingKey(database.db, box);
      const f = await linkedFriend();
      const issue = await issueAutoLoginToken(database.db, key, {
        channelId,
        lineUserId: f.lineUserId,
      });
      if (!issue.ok) throw new Error(issue.code);
      const later = new Date(Date.now() + 6 * 60_000);
      expect(await redeemAutoLoginToken(database.db, key, issue.token, later)).toEqual({
        ok: false,
        code: "token_expired",
      });
      const [payload = "", mac = ""] = issue.token.split(".");
      const flipped = `${payload}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
      expect(await redeemAutoLoginToken(database.db, key, flipped)).toEqual({
        ok: false,
        code: "token_tampered",
      });
      expect(await redeemAutoLoginToken(database.db, key, "garbage")).toEqual({
        ok: false,
        code: "token_malformed",
      });
    });

    it("are not issued for unlinked friends, and sign nobody in after an unlink", async () => {
      const key = await linkingKey(database.db, box);
      const lone = await friend();
      expect(
        await issueAutoLoginToken(database.db, key, { channelId, lineUserId: lone.lineUserId }),
      ).toEqual({
        ok: false,
        code: "not_linked",
      });
      const f = await linkedFriend();
      const issue = await issueAutoLoginToken(database.db, key, {
        channelId,
        lineUserId: f.lineUserId,
      });
      if (!issue.ok) throw new Error(issue.code);
      await database.db
        .transaction()
        .execute((trx) =>
          unlinkFriend(trx, { channelId, friendId: f.id, method: "manual", actor: "system" }),
        );
      expect(await redeemAutoLoginToken(database.db, key, issue.token)).toEqual({
        ok: false,
        code: "not_linked",
      });
    });

    it("sign a friend in once from a link signed into a message, with no record made before", async () => {
      const key = await linkingKey(database.db, box);
      const f = await linkedFriend();
      const url = messageLoginLinks(key, { friendId: f.id, memberId: f.member.id })(
        "https://shop.example/mypage",
      );
      const token = new URL(url).searchParams.get("kizuna_token") ?? "";
      const records = () =>
        database.db
          .selectFrom("auto_login_tokens")
          .select("used_at")
          .where("friend_id", "=", f.id)
          .execute();
      expect(await records()).toEqual([]);
      expect(await redeemAutoLoginToken(database.db, key, token)).toEqual({
        ok: true,
        externalId: f.member.externalId,
        lineUserId: f.lineUserId,
        channelId,
      });
      expect(await redeemAutoLoginToken(database.db, key, token)).toEqual({
        ok: false,
        code: "token_used",
      });
      expect(await records()).toHaveLength(1);
    });

    it("sign nobody in from a message's link once the friend is linked to someone else", async () => {
      const key = await linkingKey(database.db, box);
      const f = await linkedFriend();
      const url = messageLoginLinks(key, { friendId: f.id, memberId: f.member.id })(
        "https://shop.example/",
      );
      const other = await member();
      await database.db
        .updateTable("friends")
        .set({ member_id: other.id })
        .where("id", "=", f.id)
        .execute();
      const token = new URL(url).searchParams.get("kizuna_token") ?? "";
      expect(await redeemAutoLoginToken(database.db, key, token)).toEqual({
        ok: false,
        code: "not_linked",
      });
    });

    it("share one signing key between processes", async () => {
      const again = await linkingKey(database.db, box);
      const rows = await database.db.selectFrom("linking_keys").selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(again).toHaveLength(32);
    });
  });

  describe("links waiting for a follow (LINE Login without adding the friend)", () => {
    const follow = async (lineUserId: string) => {
      const { friendId } = await ensureFollowingFriend(
        database.db,
        channelId,
        lineUserId,
        new Date(),
      );
      const applied = await database.db
        .transaction()
        .execute((trx) => applyPendingLinks(trx, [{ channelId, lineUserId }]));
      return { friendId, applied };
    };

    it("link the user to the member the latest sign-in named when they follow, once", async () => {
      const lineUserId = nextUserId();
      const [first, latest] = [await member(), await member()];
      await savePendingLink(database.db, { channelId, lineUserId, memberId: first.id });
      await savePendingLink(database.db, { channelId, lineUserId, memberId: latest.id });
      const { friendId, applied } = await follow(lineUserId);
      expect(applied).toEqual([{ channelId, friendId, memberId: latest.id }]);
      expect(await findFriendLink(database.db, channelId, lineUserId)).toMatchObject({
        memberId: latest.id,
      });
      // Used up: a later unfollow and follow does not link again.
      const again = await database.db
        .transaction()
        .execute((trx) => applyPendingLinks(trx, [{ channelId, lineUserId }]));
      expect(again).toEqual([]);
    });

    it("link nothing once the wait is over", async () => {
      const lineUserId = nextUserId();
      const m = await member();
      const longAgo = new Date(Date.now() - PENDING_LINK_TTL_MS - 60_000);
      await savePendingLink(database.db, { channelId, lineUserId, memberId: m.id, now: longAgo });
      const { applied } = await follow(lineUserId);
      expect(applied).toEqual([]);
      expect((await findFriendLink(database.db, channelId, lineUserId))?.memberId).toBeNull();
    });
  });

  describe("matching without sign-in", () => {
    const answer = (externalId: string, birthday: string): MatchAnswer => ({
      identifier: { kind: "member_number", value: externalId },
      secondFactor: { kind: "birthday", value: birthday },
    });

    it("links on a right member number and birthday", async () => {
      const [f, m] = [await friend(), await member({ birthday: "1990-04-01" })];
      expect(
        await matchAndLink(database.db, {
          channelId,
          friendId: f.id,
          answer: answer(m.externalId, "1990-04-01"),
        }),
      ).toEqual({ ok: true, memberId: m.id });
      expect(await findFriendLink(database.db, channelId, f.lineUserId)).toMatchObject({
        memberId: m.id,
      });
      const history = await database.db
        .selectFrom("member_links")
        .select("method")
        .where("friend_id", "=", f.id)
        .execute();
      expect(history).toEqual([{ method: "form_match" }]);
    });

    it("links nothing on a guessed member number without the birthday, then stops after five", async () => {
      const [f, m] = [await friend(), await member({ birthday: "1990-04-01" })];
      const results = [];
      for (let i = 0; i < 6; i++)
        results.push(
          await matchAndLink(database.db, {
            channelId,
            friendId: f.id,
            answer: answer(m.externalId, `1980-01-0${i + 1}`),
          }),
        );
      expect(
        results
          .slice(0, 5)
          .map((r) => (r.ok ? "linked" : r.code === "no_match" ? r.remaining : r.code)),
      ).toEqual([4, 3, 2, 1, 0]);
      expect(results[5]).toEqual({ ok: false, code: "too_many_attempts" });
      // Even the right answer is refused until the window has passed.
      expect(
        await matchAndLink(database.db, {
          channelId,
          friendId: f.id,
          answer: answer(m.externalId, "1990-04-01"),
        }),
      ).toEqual({
        ok: false,
        code: "too_many_attempts",
      });
      const tomorrow = new Date(Date.now() + 24 * 3600_000 + 1000);
      expect(
        await matchAndLink(database.db, {
          channelId,
          friendId: f.id,
          answer: answer(m.externalId, "1990-04-01"),
          now: tomorrow,
        }),
      ).toEqual({ ok: true, memberId: m.id });
      expect((await findFriendLink(database.db, channelId, f.lineUserId))?.memberId).toBe(m.id);
    });

    it("refuses an identifier after ten failures from different friends", async () => {
      const m = await member({ birthday: "1970-07-07" });
      for (let i = 0; i < 10; i++) {
        const f = await friend();
        const result = await matchAndLink(database.db, {
          channelId,
          friendId: f.id,
          answer: answer(m.externalId, "1970-07-08"),
        });
        expect(result).toMatchObject({ ok: false, code: "no_match" });
      }
      const late = await friend();
      expect(
        await matchAndLink(database.db, {
          channelId,
          friendId: late.id,
          answer: answer(m.externalId, "1970-07-07"),
        }),
      ).toEqual({ ok: false, code: "too_many_attempts" });
    });

    it("answers the same for an unknown member and a wrong birthday", async () => {
      const [f, m] = [await friend(), await member({ birthday: "1990-04-01" })];
      const unknown = await matchAndLink(database.db, {
        channelId,
        friendId: f.id,
        answer: answer("NO-SUCH", "1990-04-01"),
      });
      const wrong = await matchAndLink(database.db, {
        channelId,
        friendId: f.id,
        answer: answer(m.externalId, "1990-04-02"),
      });
      expect({ ...unknown, remaining: 0 }).toEqual({ ...wrong, remaining: 0 });
    });

    it("finds members by a phone number stored with hyphens", async () => {
      const [f, m] = [
        await friend(),
        await member({ phone: "090-1111-2222", birthday: "1985-12-31" }),
      ];
      expect(
        await matchAndLink(database.db, {
          channelId,
          friendId: f.id,
          answer: {
            identifier: { kind: "phone", value: "09011112222" },
            secondFactor: { kind: "birthday", value: "1985-12-31" },
          },
        }),
      ).toEqual({ ok: true, memberId: m.id });
    });
  });

  it("keeps per-channel linking settings, defaulting to the workspace's", async () => {
    expect(await linkingSettings(database.db, channelId, "phone")).toEqual({
      matchSecondFactor: "phone",
      accountLinkUrl: null,
    });
    await saveLinkingSettings(database.db, channelId, {
      matchSecondFactor: "email",
      accountLinkUrl: "https://shop.example/line-link",
    });
    expect(await linkingSettings(database.db, channelId)).toEqual({
      matchSecondFactor: "email",
      accountLinkUrl: "https://shop.example/line-link",
    });
  });
});
