import { randomBytes } from "node:crypto";
import { createSecretBox, signMatchFormToken } from "@kizuna/core";
import {
  type Database,
  ensureFollowingFriend,
  findFriendLink,
  linkingKey,
  recordLinkToken,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";
import { type FakeLine, startFakeCompany, startFakeLineLogin } from "./testing.ts";

const LOGIN_CHANNEL_ID = "1660000000";
const LOGIN_SECRET = "login-channel-secret";

describe.each(testDatabaseKinds())("ID linking over HTTP on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let line: FakeLine;
  let company: Awaited<ReturnType<typeof startFakeCompany>>;
  let channelId: string;
  let staff: Record<string, string>;
  let apiKey: string;
  let counter = 0;
  const secretBox = createSecretBox(randomBytes(32));

  beforeAll(async () => {
    database = await kind.create();
    line = await startFakeLineLogin(LOGIN_CHANNEL_ID, LOGIN_SECRET);
    company = await startFakeCompany({
      loginId: "hanako",
      password: "s3cret",
      externalId: "M-100",
    });
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "500",
        name: "Shop",
        secret_enc: secretBox.seal("s"),
        access_token_enc: secretBox.seal("t"),
        api_base_url: line.url,
        bot_user_id: null,
        picture_url: null,
        login_channel_id: LOGIN_CHANNEL_ID,
        login_channel_secret_enc: secretBox.seal(LOGIN_SECRET),
        login_base_url: line.url,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
    app = await buildServer({
      database,
      secretBox,
      publicUrl: "http://kizuna.test",
      linking: { verifyUrl: company.url },
    });
    const setup = await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "owner@example.jp", password: "a long enough password" },
    });
    staff = {
      cookie: String(setup.headers["set-cookie"]).split(";")[0]!,
      "x-csrf-token": setup.json().csrfToken,
    };
    const key = await app.inject({
      method: "POST",
      url: "/api/api-keys",
      headers: staff,
      payload: { name: "Shop site", scopes: ["linking:write"] },
    });
    apiKey = key.json().key;
  });
  afterAll(async () => {
    await app?.close();
    await line?.close();
    await company?.close();
    await database?.close();
  });

  const userId = () => `U${(++counter).toString(16).padStart(32, "0")}`;
  const api = { authorization: () => `Bearer ${apiKey}` };
  const bearer = () => ({ authorization: api.authorization() });

  async function friend() {
    const lineUserId = userId();
    const { friendId } = await ensureFollowingFriend(
      database.db,
      channelId,
      lineUserId,
      new Date(),
    );
    return { lineUserId, friendId };
  }

  /** Reads a page's form: its hidden fields and the cookie the browser would keep. */
  function formOf(page: LightMyRequestResponse) {
    const fields: Record<string, string> = {};
    for (const match of page.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
      fields[match[1]!] = match[2]!.replaceAll("&amp;", "&");
    const cookie = String(page.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    return { fields, cookie };
  }

  const post = (url: string, form: Record<string, string>, cookie: string) =>
    app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      payload: new URLSearchParams(form).toString(),
    });

  describe("way 1: the hosted account-link sign-in page", () => {
    async function issued(issuedAt = new Date()) {
      const f = await friend();
      const linkToken = randomBytes(12).toString("hex");
      await recordLinkToken(database.db, { channelId, ...f, linkToken, issuedAt });
      return { ...f, linkToken };
    }

    it("checks credentials with the company and sends the browser to LINE's dialog with a nonce", async () => {
      const f = await issued();
      const page = await app.inject({ url: `/link/account?linkToken=${f.linkToken}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.headers["referrer-policy"]).toBe("no-referrer");
      expect(page.body).toContain("会員IDとLINEの連携");
      const { fields, cookie } = formOf(page);

      const wrong = await post(
        "/link/account",
        { ...fields, loginId: "hanako", password: "nope" },
        cookie,
      );
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain("ログインIDまたはパスワードが違います");

      const right = await post(
        "/link/account",
        { ...fields, loginId: "hanako", password: "s3cret" },
        cookie,
      );
      expect(right.statusCode).toBe(303);
      const dialog = new URL(String(right.headers.location));
      expect(`${dialog.origin}${dialog.pathname}`).toBe(`${line.url}/dialog/bot/accountLink`);
      expect(dialog.searchParams.get("linkToken")).toBe(f.linkToken);
      const nonce = await database.db
        .selectFrom("account_link_nonces")
        .selectAll()
        .where("nonce", "=", dialog.searchParams.get("nonce") ?? "")
        .executeTakeFirstOrThrow();
      expect(nonce.line_user_id).toBe(f.lineUserId);
    });

    it("speaks English to a browser that prefers it", async () => {
      const f = await issued();
      const page = await app.inject({
        url: `/link/account?linkToken=${f.linkToken}`,
        headers: { "accept-language": "en-US,en;q=0.9,ja;q=0.5" },
      });
      expect(page.body).toContain('<html lang="en">');
      expect(page.body).toContain("Link your membership to LINE");
    });

    it("refuses a post without the form's cookie, an unknown and an expired link token", async () => {
      const f = await issued();
      const { fields } = formOf(
        await app.inject({ url: `/link/account?linkToken=${f.linkToken}` }),
      );
      const forged = await post(
        "/link/account",
        { ...fields, loginId: "hanako", password: "s3cret" },
        "",
      );
      expect(forged.statusCode).toBe(403);
      expect((await app.inject({ url: "/link/account?linkToken=unknown" })).statusCode).toBe(404);
      const old = await issued(new Date(Date.now() - 11 * 60_000));
      const expired = await app.inject({ url: `/link/account?linkToken=${old.linkToken}` });
      expect(expired.statusCode).toBe(410);
      expect(expired.body).toContain("有効期限");
    });

    it("escapes what it echoes", async () => {
      const f = await issued();
      const { fields, cookie } = formOf(
        await app.inject({ url: `/link/account?linkToken=${f.linkToken}` }),
      );
      const page = await post(
        "/link/account",
        { ...fields, loginId: '"><script>x</script>', password: "x" },
        cookie,
      );
      expect(page.body).not.toContain("<script>x</script>");
      expect(page.body).toContain("&quot;&gt;&lt;script&gt;");
    });

    it("gives sites with their own sign-in page a nonce through the API, with a key", async () => {
      const f = await issued();
      const body = { linkToken: f.linkToken, externalId: "M-200" };
      const refused = await app.inject({
        method: "POST",
        url: "/api/v1/account-link/nonces",
        payload: body,
      });
      expect(refused.statusCode).toBe(401);
      const created = await app.inject({
        method: "POST",
        url: "/api/v1/account-link/nonces",
        headers: bearer(),
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      const { nonce, redirectUrl } = created.json();
      expect(redirectUrl).toBe(
        `${line.url}/dialog/bot/accountLink?linkToken=${f.linkToken}&nonce=${encodeURIComponent(nonce)}`,
      );
      const unknown = await app.inject({
        method: "POST",
        url: "/api/v1/account-link/nonces",
        headers: bearer(),
        payload: { linkToken: "never-issued", externalId: "M-200" },
      });
      expect(unknown.json().error.code).toBe("link_token_unknown");
    });
  });

  describe("way 3: the match form", () => {
    async function formFor(f: { friendId: string }, now = new Date()) {
      const key = await linkingKey(database.db, secretBox);
      return signMatchFormToken(key, { channelId, friendId: f.friendId }, now);
    }

    it("links on a member number and birthday, and answers a wrong birthday without saying who exists", async () => {
      await database.db
        .insertInto("members")
        .values({ external_id: "M-300", birthday: "1990-04-01", attributes: "{}" })
        .execute();
      const f = await friend();
      const t = await formFor(f);
      const page = await app.inject({ url: `/link/match?t=${encodeURIComponent(t)}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('type="date"');
      const { fields, cookie } = formOf(page);
      const answer = { ...fields, identifierKind: "member_number", identifier: "M-300" };

      const wrong = await post("/link/match", { ...answer, secondFactor: "1990-04-02" }, cookie);
      const nobody = await post(
        "/link/match",
        { ...answer, identifier: "M-999", secondFactor: "1990-04-01" },
        cookie,
      );
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain("連携できませんでした");
      const errorOf = (body: string) =>
        /<p class="error"[^>]*>([^<]*)<\/p>/.exec(body)?.[1]?.replace(/\d回/, "");
      expect(errorOf(nobody.body)).toBe(errorOf(wrong.body));
      expect(nobody.statusCode).toBe(wrong.statusCode);
      expect((await findFriendLink(database.db, channelId, f.lineUserId))?.memberId).toBeNull();

      const right = await post("/link/match", { ...answer, secondFactor: "1990-04-01" }, cookie);
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain("連携が完了しました");
      expect((await findFriendLink(database.db, channelId, f.lineUserId))?.externalId).toBe(
        "M-300",
      );
    });

    it("refuses after five wrong answers, and refuses tampered and expired URLs", async () => {
      const f = await friend();
      const t = await formFor(f);
      const { fields, cookie } = formOf(
        await app.inject({ url: `/link/match?t=${encodeURIComponent(t)}` }),
      );
      for (let i = 0; i < 5; i++)
        await post(
          "/link/match",
          { ...fields, identifierKind: "email", identifier: "a@b.jp", secondFactor: "2000-01-01" },
          cookie,
        );
      const sixth = await post(
        "/link/match",
        { ...fields, identifierKind: "email", identifier: "a@b.jp", secondFactor: "2000-01-01" },
        cookie,
      );
      expect(sixth.statusCode).toBe(429);
      expect(sixth.body).toContain("上限");
      expect((await app.inject({ url: `/link/match?t=${encodeURIComponent(t)}` })).statusCode).toBe(
        429,
      );

      const tampered = `${t.slice(0, -2)}${t.endsWith("AA") ? "BB" : "AA"}`;
      expect(
        (await app.inject({ url: `/link/match?t=${encodeURIComponent(tampered)}` })).statusCode,
      ).toBe(404);
      const old = await formFor(await friend(), new Date(Date.now() - 2 * 3600_000));
      expect(
        (await app.inject({ url: `/link/match?t=${encodeURIComponent(old)}` })).statusCode,
      ).toBe(410);
    });
  });

  describe("way 2: LINE Login on the company site", () => {
    async function session(body: Record<string, string>) {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/line-login/sessions",
        headers: bearer(),
        payload: body,
      });
      expect(response.statusCode).toBe(201);
      return new URL(response.json().authorizeUrl);
    }

    const callback = (authorize: URL, code: string, extra = "") =>
      app.inject({
        url: `/login/line/callback?code=${code}&state=${authorize.searchParams.get("state")}${extra}`,
      });

    it("asks LINE for the add-friend screen with state, nonce and PKCE", async () => {
      const authorize = await session({ returnTo: "https://shop.example/after" });
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${line.url}/oauth2/v2.1/authorize`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        response_type: "code",
        client_id: LOGIN_CHANNEL_ID,
        redirect_uri: "http://kizuna.test/login/line/callback",
        scope: "profile openid",
        bot_prompt: "aggressive",
        code_challenge_method: "S256",
      });
      expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it("links the friend to the member the site named, and lets the site redeem the result once", async () => {
      const lineUserId = userId();
      const authorize = await session({
        returnTo: "https://shop.example/after?x=1",
        externalId: "M-400",
      });
      const code = line.codeFor(lineUserId, authorize.searchParams.get("nonce") ?? "");
      const done = await callback(authorize, code, "&friendship_status_changed=true");
      expect(done.statusCode).toBe(303);
      const back = new URL(String(done.headers.location));
      expect(`${back.origin}${back.pathname}`).toBe("https://shop.example/after");
      expect(back.searchParams.get("x")).toBe("1");
      const token = back.searchParams.get("kizuna_assertion") ?? "";
      const redeemed = await app.inject({
        url: `/api/v1/line-login/assertions/${token}`,
        headers: bearer(),
      });
      expect(redeemed.json()).toMatchObject({
        lineUserId,
        externalId: "M-400",
        linked: true,
        friendshipStatusChanged: true,
      });
      const again = await app.inject({
        url: `/api/v1/line-login/assertions/${token}`,
        headers: bearer(),
      });
      expect(again.json().error.code).toBe("assertion_used");
      const history = await database.db
        .selectFrom("member_links")
        .select("method")
        .where(
          "friend_id",
          "=",
          (await findFriendLink(database.db, channelId, lineUserId))!.friendId,
        )
        .execute();
      expect(history).toEqual([{ method: "line_login" }]);
    });

    it("refuses a replayed state and an ID token with another nonce", async () => {
      const lineUserId = userId();
      const authorize = await session({ returnTo: "https://shop.example/" });
      const code = line.codeFor(lineUserId, authorize.searchParams.get("nonce") ?? "");
      expect((await callback(authorize, code)).statusCode).toBe(303);
      const replay = await callback(authorize, code);
      expect(replay.statusCode).toBe(400);
      expect(replay.body).toContain("すでに使われています");

      const other = await session({ returnTo: "https://shop.example/" });
      const wrongNonce = await callback(other, line.codeFor(lineUserId, "some-other-nonce"));
      expect(wrongNonce.statusCode).toBe(400);
      expect((await callback(other, code)).statusCode).toBe(400);
    });

    it("identifies a returning linked friend without the site naming a member", async () => {
      const f = await friend();
      const member = await database.db
        .insertInto("members")
        .values({ external_id: "M-500", attributes: "{}" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable("friends")
        .set({ member_id: member.id })
        .where("id", "=", f.friendId)
        .execute();
      const authorize = await session({ returnTo: "https://shop.example/" });
      const done = await callback(
        authorize,
        line.codeFor(f.lineUserId, authorize.searchParams.get("nonce") ?? ""),
      );
      const token = new URL(String(done.headers.location)).searchParams.get("kizuna_assertion");
      const redeemed = await app.inject({
        url: `/api/v1/line-login/assertions/${token}`,
        headers: bearer(),
      });
      expect(redeemed.json()).toMatchObject({
        externalId: "M-500",
        linked: true,
        friendshipStatusChanged: null,
      });
    });
  });

  describe("auto-login links", () => {
    it("sign a linked friend in once; reused, tampered and unknown friends are refused with their own codes", async () => {
      const f = await friend();
      const member = await database.db
        .insertInto("members")
        .values({ external_id: "M-600", attributes: "{}" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable("friends")
        .set({ member_id: member.id })
        .where("id", "=", f.friendId)
        .execute();
      const created = await app.inject({
        method: "POST",
        url: "/api/v1/auto-login-links",
        headers: bearer(),
        payload: { lineUserId: f.lineUserId, url: "https://shop.example/cart" },
      });
      expect(created.statusCode).toBe(201);
      const link = new URL(created.json().url);
      const token = link.searchParams.get("kizuna_token") ?? "";
      const verify = (t: string) =>
        app.inject({
          method: "POST",
          url: "/api/v1/auto-login-links/verify",
          headers: bearer(),
          payload: { token: t },
        });
      expect((await verify(token)).json()).toMatchObject({
        externalId: "M-600",
        lineUserId: f.lineUserId,
      });
      expect((await verify(token)).json().error.code).toBe("token_used");
      const [payload, mac = ""] = token.split(".");
      expect(
        (await verify(`${payload}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`)).json().error
          .code,
      ).toBe("token_tampered");
      expect((await verify("nonsense")).json().error.code).toBe("token_malformed");
      const stranger = await app.inject({
        method: "POST",
        url: "/api/v1/auto-login-links",
        headers: bearer(),
        payload: { lineUserId: (await friend()).lineUserId, url: "https://shop.example/" },
      });
      expect(stranger.json().error.code).toBe("not_linked");
    });
  });

  it("documents its public endpoints in the OpenAPI document", async () => {
    const document = (await app.inject({ url: "/api/v1/openapi.json" })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/account-link/nonces",
        "/api/v1/line-login/sessions",
        "/api/v1/line-login/assertions/{token}",
        "/api/v1/auto-login-links",
        "/api/v1/auto-login-links/verify",
      ]),
    );
  });

  describe("staff", () => {
    it("link and unlink a friend by hand, audited, and read the link rate", async () => {
      const f = await friend();
      await database.db
        .insertInto("members")
        .values({ external_id: "M-700", attributes: "{}" })
        .execute();
      const url = `/api/channels/${channelId}/friends/${f.friendId}/link`;
      const linked = await app.inject({
        method: "PUT",
        url,
        headers: staff,
        payload: { externalId: "M-700" },
      });
      expect(linked.statusCode).toBe(200);
      expect(linked.json().member.externalId).toBe("M-700");
      const unlinked = await app.inject({ method: "DELETE", url, headers: staff });
      expect(unlinked.json()).toMatchObject({
        member: null,
        history: [{ action: "unlinked", method: "manual" }, { action: "linked" }],
      });
      const audit = await database.db
        .selectFrom("audit_log")
        .select(["action", "actor"])
        .where("target_id", "=", f.friendId)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(["member.linked", "member.unlinked"]);
      expect(audit.every((a) => a.actor.startsWith("staff:"))).toBe(true);
      expect(
        (await app.inject({ method: "PUT", url, headers: staff, payload: { externalId: "NOPE" } }))
          .statusCode,
      ).toBe(404);

      const rate = await app.inject({
        url: `/api/channels/${channelId}/link-rate?days=7`,
        headers: staff,
      });
      expect(rate.statusCode).toBe(200);
      expect(rate.json().current.validFriends).toBeGreaterThan(0);
    });

    it("manage inflow routes: a route's URL sends visitors through LINE Login and attributes the new friend", async () => {
      const created = await app.inject({
        method: "POST",
        url: `/api/channels/${channelId}/inflow-routes`,
        headers: staff,
        payload: { name: "店頭POP" },
      });
      expect(created.statusCode).toBe(201);
      const route = created.json().route;
      expect(route.url).toBe(`http://kizuna.test/r/${route.code}`);

      const visit = await app.inject({ url: `/r/${route.code}` });
      expect(visit.statusCode).toBe(302);
      const authorize = new URL(String(visit.headers.location));
      expect(authorize.searchParams.get("bot_prompt")).toBe("aggressive");
      const lineUserId = userId();
      const code = line.codeFor(lineUserId, authorize.searchParams.get("nonce") ?? "");
      const done = await app.inject({
        url: `/login/line/callback?code=${code}&state=${authorize.searchParams.get("state")}&friendship_status_changed=true`,
      });
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain("友だち追加ありがとうございます");
      const friendRow = await database.db
        .selectFrom("friends")
        .select("inflow_route_id")
        .where("line_user_id", "=", lineUserId)
        .executeTakeFirstOrThrow();
      expect(friendRow.inflow_route_id).toBe(route.id);

      const stats = await app.inject({
        url: `/api/channels/${channelId}/inflow-routes/stats?days=3`,
        headers: staff,
      });
      const ofRoute = stats.json().routes.find((r: { routeId: string }) => r.routeId === route.id);
      expect(ofRoute.visits.at(-1)).toBe(1);
      expect(ofRoute.friends.at(-1)).toBe(1);

      const png = await app.inject({
        url: `/api/channels/${channelId}/inflow-routes/${route.id}/qr.png`,
        headers: staff,
      });
      expect(png.headers["content-type"]).toBe("image/png");
      expect(png.rawPayload.subarray(1, 4).toString()).toBe("PNG");
      const svg = await app.inject({
        url: `/api/channels/${channelId}/inflow-routes/${route.id}/qr.svg`,
        headers: staff,
      });
      expect(svg.body).toContain("<svg");

      await app.inject({
        method: "PATCH",
        url: `/api/channels/${channelId}/inflow-routes/${route.id}`,
        headers: staff,
        payload: { archived: true },
      });
      expect((await app.inject({ url: `/r/${route.code}` })).statusCode).toBe(404);
    });
  });
});
