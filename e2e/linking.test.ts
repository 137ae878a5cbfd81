import { rollUpLinkRate } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeCompany } from "../packages/server/src/linking/testing.ts";
import { control, eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

interface Received {
  via: string;
  message: { type: string; text?: string; template?: { actions: { uri?: string }[] } };
}

/** A browser's visit to one of Kizuna's pages: its form's hidden fields and its cookie. */
async function openForm(url: string) {
  const page = await fetch(url, { redirect: "manual" });
  const body = await page.text();
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
    fields[match[1]!] = match[2]!.replaceAll("&amp;", "&");
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: page.status, body, fields, cookie };
}

function submit(url: string, form: Record<string, string>, cookie: string) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(form),
  });
}

describe.each(testDatabaseKinds())("ID linking end to end on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let company: Awaited<ReturnType<typeof startFakeCompany>>;
  let apiKey: string;

  beforeAll(async () => {
    company = await startFakeCompany({
      loginId: "hanako@example.jp",
      password: "s3cret",
      externalId: "M-1001",
    });
    stack = await startStack(kind, { linking: { verifyUrl: company.url } });
    admin = await signUpOwner(stack.url);
    // A LINE Login channel in the OA's provider, linked for the add-friend screen.
    const login = await control<{ channelId: string; channelSecret: string }>(
      stack.emulatorUrl,
      "POST",
      "/_emulator/login-channels",
      {
        linkedChannelId: stack.lineChannel.channelId,
        callbackUrls: [`${stack.url}/login/line/callback`],
      },
    );
    const saved = await admin.request("PUT", `/api/channels/${stack.channel.id}/login-channel`, {
      loginChannelId: login.channelId,
      loginChannelSecret: login.channelSecret,
      loginBaseUrl: stack.emulatorUrl,
    });
    expect(saved.status).toBe(204);
    const key = await admin.request("POST", "/api/api-keys", {
      name: "Shop site",
      scopes: ["linking:write", "members:write"],
    });
    apiKey = ((await key.json()) as { key: string }).key;
  });
  afterAll(async () => {
    await stack?.stop();
    await company?.close();
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function follower(name: string): Promise<string> {
    const userId = await stack.addUser(name);
    await stack.act(userId, "follow");
    return userId;
  }

  /** The friend taps a button or rich menu area that sends this postback. */
  const postback = (userId: string, data: string) =>
    control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/postback`, { data });

  const received = async (userId: string) => (await stack.received(userId)) as Received[];

  /** The URI of the button in the newest reply the friend received. */
  async function buttonIn(userId: string, count: number): Promise<string> {
    return eventually(
      async () => {
        const messages = await received(userId);
        return messages.length >= count
          ? messages[count - 1]?.message.template?.actions[0]?.uri
          : undefined;
      },
      10_000,
      "a reply with a button",
    );
  }

  async function linkOf(lineUserId: string) {
    const rows = await stack.database.db
      .selectFrom("friends as f")
      .leftJoin("members as m", "m.id", "f.member_id")
      .select(["f.id", "m.external_id"])
      .where("f.line_user_id", "=", lineUserId)
      .execute();
    return rows[0];
  }

  describe("way 1, the account link", () => {
    it("links a friend who writes 連携, signs in on the hosted page and confirms in LINE's dialog", async () => {
      const userId = await follower("連携 花子");
      await stack.act(userId, "messages", { text: "連携" });
      const signIn = await buttonIn(userId, 1);
      expect(signIn).toMatch(new RegExp(`^${stack.url}/link/account\\?linkToken=`));

      const page = await openForm(signIn);
      expect(page.status).toBe(200);
      const answer = await submit(
        `${stack.url}/link/account`,
        { ...page.fields, loginId: "hanako@example.jp", password: "s3cret" },
        page.cookie,
      );
      expect(answer.status).toBe(303);
      const dialog = new URL(answer.headers.get("location") ?? "");
      expect(dialog.origin + dialog.pathname).toBe(`${stack.emulatorUrl}/dialog/bot/accountLink`);

      const confirmed = await control<{ result: string }>(
        stack.emulatorUrl,
        "POST",
        `/_emulator/users/${userId}/account-link`,
        {
          linkToken: dialog.searchParams.get("linkToken"),
          nonce: dialog.searchParams.get("nonce"),
        },
      );
      expect(confirmed.result).toBe("ok");
      const reply = await eventually(
        async () => (await received(userId)).find((m) => m.message.text === "連携が完了しました"),
        10_000,
        "the linked reply",
      );
      expect(reply.via).toBe("reply");
      expect((await linkOf(userId))?.external_id).toBe("M-1001");

      // LINE takes a link token once: a second confirmation is refused and sends nothing.
      await expect(
        control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/account-link`, {
          linkToken: dialog.searchParams.get("linkToken"),
          nonce: dialog.searchParams.get("nonce"),
        }),
      ).rejects.toThrow(/409/);
    });

    it("links nothing when the dialog comes back with a nonce Kizuna never issued", async () => {
      const userId = await follower("ノンス 違い");
      await postback(userId, "kizuna:link");
      const signIn = new URL(await buttonIn(userId, 1));
      await control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/account-link`, {
        linkToken: signIn.searchParams.get("linkToken"),
        nonce: "a-nonce-made-up-by-someone-else",
      });
      await eventually(
        async () =>
          (await received(userId)).find((m) => m.message.text?.includes("連携できませんでした")),
        10_000,
        "the refusal",
      );
      expect((await linkOf(userId))?.external_id).toBeNull();
    });

    it("refuses an expired link token on the sign-in page", async () => {
      const userId = await follower("期限 切れ");
      await stack.act(userId, "messages", { text: "連携" });
      const signIn = await buttonIn(userId, 1);
      await stack.database.db
        .updateTable("account_link_tokens")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("line_user_id", "=", userId)
        .execute();
      const page = await openForm(signIn);
      expect(page.status).toBe(410);
      expect(page.body).toContain("有効期限");
    });

    it("lets a site with its own sign-in page get the nonce through the API", async () => {
      const userId = await follower("自社 ログイン");
      await stack.act(userId, "messages", { text: "連携" });
      const linkToken = new URL(await buttonIn(userId, 1)).searchParams.get("linkToken");
      const response = await api("POST", "/api/v1/account-link/nonces", {
        linkToken,
        externalId: "M-2002",
      });
      expect(response.status).toBe(201);
      const { redirectUrl } = (await response.json()) as { redirectUrl: string };
      const dialog = new URL(redirectUrl);
      await control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/account-link`, {
        linkToken: dialog.searchParams.get("linkToken"),
        nonce: dialog.searchParams.get("nonce"),
      });
      await eventually(async () =>
        (await linkOf(userId))?.external_id === "M-2002" ? true : undefined,
      );
    });
  });

  describe("way 2, LINE Login on the company site", () => {
    it("adds the friend and links them in one sign-in, and refuses the same state twice", async () => {
      const userId = await stack.addUser("ログイン 太郎");
      const session = await api("POST", "/api/v1/line-login/sessions", {
        returnTo: "https://shop.example/mypage",
        externalId: "M-3003",
      });
      expect(session.status).toBe(201);
      const { authorizeUrl } = (await session.json()) as { authorizeUrl: string };
      const signedIn = await control<{ location: string; params: Record<string, string> }>(
        stack.emulatorUrl,
        "POST",
        `/_emulator/users/${userId}/line-login`,
        { authorizeUrl },
      );
      expect(signedIn.params.friendship_status_changed).toBe("true");
      const callback = await fetch(signedIn.location, { redirect: "manual" });
      expect(callback.status).toBe(303);
      const back = new URL(callback.headers.get("location") ?? "");
      expect(back.origin + back.pathname).toBe("https://shop.example/mypage");

      const assertion = await api(
        "GET",
        `/api/v1/line-login/assertions/${back.searchParams.get("kizuna_assertion")}`,
      );
      expect(await assertion.json()).toMatchObject({
        lineUserId: userId,
        externalId: "M-3003",
        linked: true,
        friendshipStatusChanged: true,
      });
      expect((await linkOf(userId))?.external_id).toBe("M-3003");

      const replay = await fetch(signedIn.location, { redirect: "manual" });
      expect(replay.status).toBe(400);
      expect(await replay.text()).toContain("すでに使われています");
    });

    it("tells the site who signed in when the visitor declines to add the friend, and links on their follow", async () => {
      const userId = await stack.addUser("友だち 追加しない");
      await api("PUT", "/api/v1/members/M-3300", { name: "友だち 追加しない" });
      const session = await api("POST", "/api/v1/line-login/sessions", {
        returnTo: "https://shop.example/mypage",
        externalId: "M-3300",
      });
      const { authorizeUrl } = (await session.json()) as { authorizeUrl: string };
      const signedIn = await control<{ location: string; params: Record<string, string> }>(
        stack.emulatorUrl,
        "POST",
        `/_emulator/users/${userId}/line-login`,
        { authorizeUrl, allow: true, addFriend: false },
      );
      expect(signedIn.params.friendship_status_changed).toBe("false");
      const callback = await fetch(signedIn.location, { redirect: "manual" });
      expect(callback.status).toBe(303);
      const back = new URL(callback.headers.get("location") ?? "");
      const assertion = await api(
        "GET",
        `/api/v1/line-login/assertions/${back.searchParams.get("kizuna_assertion")}`,
      );
      expect(await assertion.json()).toMatchObject({
        lineUserId: userId,
        externalId: "M-3300",
        linked: false,
        linkPending: true,
        friendshipStatusChanged: false,
      });
      expect(await linkOf(userId)).toBeUndefined();

      await stack.act(userId, "follow");
      const linked = await eventually(async () => (await linkOf(userId))?.external_id ?? undefined);
      expect(linked).toBe("M-3300");
    });
  });

  describe("way 3, matching without sign-in", () => {
    it("links on a member number with the birthday, never on a guessed number, and stops guessing after five", async () => {
      const member = await api("PUT", "/api/v1/members/M-4004", {
        email: "sakura@example.jp",
        birthday: "1992-03-14",
      });
      expect([200, 201]).toContain(member.status);

      const guesser = await follower("当て 推量");
      await stack.act(guesser, "messages", { text: "会員連携" });
      const guessForm = await openForm(await buttonIn(guesser, 1));
      expect(guessForm.status).toBe(200);
      const guess = (birthday: string) =>
        submit(
          `${stack.url}/link/match`,
          {
            ...guessForm.fields,
            identifierKind: "member_number",
            identifier: "M-4004",
            secondFactor: birthday,
          },
          guessForm.cookie,
        );
      for (let day = 1; day <= 5; day++) expect((await guess(`1992-03-0${day}`)).status).toBe(422);
      const sixth = await guess("1992-03-14");
      expect(sixth.status).toBe(429);
      expect(await sixth.text()).toContain("上限");
      expect((await linkOf(guesser))?.external_id).toBeNull();

      const owner = await follower("本人 さくら");
      await postback(owner, "kizuna:match");
      const form = await openForm(await buttonIn(owner, 1));
      const answer = await submit(
        `${stack.url}/link/match`,
        {
          ...form.fields,
          identifierKind: "email",
          identifier: "ＳＡＫＵＲＡ@example.jp",
          secondFactor: "1992-03-14",
        },
        form.cookie,
      );
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain("連携が完了しました");
      expect((await linkOf(owner))?.external_id).toBe("M-4004");
    });
  });

  describe("way 4 and what links make possible", () => {
    it("lets staff link and unlink by hand, counts the link rate, and signs linked friends in with one-tap links", async () => {
      const userId = await follower("手動 連携");
      const friend = await eventually(async () => linkOf(userId));
      await api("PUT", "/api/v1/members/M-5005", { name: "手動 連携" });
      const url = `/api/channels/${stack.channel.id}/friends/${friend.id}/link`;
      expect((await admin.request("PUT", url, { externalId: "M-5005" })).status).toBe(200);

      const created = await api("POST", "/api/v1/auto-login-links", {
        lineUserId: userId,
        url: "https://shop.example/cart",
      });
      expect(created.status).toBe(201);
      const token =
        new URL(((await created.json()) as { url: string }).url).searchParams.get("kizuna_token") ??
        "";
      const verify = async (t: string) => {
        const response = await api("POST", "/api/v1/auto-login-links/verify", { token: t });
        return {
          status: response.status,
          body: (await response.json()) as { externalId?: string; error?: { code: string } },
        };
      };
      expect(await verify(token)).toMatchObject({ status: 200, body: { externalId: "M-5005" } });
      expect(await verify(token)).toMatchObject({
        status: 409,
        body: { error: { code: "token_used" } },
      });
      const [payload, mac = ""] = token.split(".");
      expect(
        (await verify(`${payload}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`)).body.error
          ?.code,
      ).toBe("token_tampered");

      const late = await api("POST", "/api/v1/auto-login-links", {
        lineUserId: userId,
        url: "https://shop.example/",
      });
      const lateToken =
        new URL(((await late.json()) as { url: string }).url).searchParams.get("kizuna_token") ??
        "";
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6 * 60_000 });
      try {
        expect((await verify(lateToken)).body.error?.code).toBe("token_expired");
      } finally {
        vi.useRealTimers();
      }

      await rollUpLinkRate(stack.database.db);
      const rate = await admin.request(
        "GET",
        `/api/channels/${stack.channel.id}/link-rate?days=30`,
      );
      const { days, current } = (await rate.json()) as {
        days: { linkedFriends: number }[];
        current: { linkedFriends: number; validFriends: number };
      };
      expect(days.at(-1)?.linkedFriends).toBe(current.linkedFriends);
      expect(current.linkedFriends).toBeGreaterThanOrEqual(4);

      expect((await admin.request("DELETE", url)).status).toBe(200);
      expect((await linkOf(userId))?.external_id).toBeNull();
      expect((await verify(token)).status).toBe(409);
    });
  });

  describe("inflow routes", () => {
    it("attributes a friend who adds the account through a route's URL", async () => {
      const created = await admin.request(
        "POST",
        `/api/channels/${stack.channel.id}/inflow-routes`,
        { name: "駅前ポスター" },
      );
      const { route } = (await created.json()) as { route: { id: string; url: string } };
      const visit = await fetch(route.url, { redirect: "manual" });
      expect(visit.status).toBe(302);
      const userId = await stack.addUser("ポスター 見た人");
      const signedIn = await control<{ location: string }>(
        stack.emulatorUrl,
        "POST",
        `/_emulator/users/${userId}/line-login`,
        {
          authorizeUrl: visit.headers.get("location"),
        },
      );
      const thanks = await fetch(signedIn.location);
      expect(thanks.status).toBe(200);
      expect(await thanks.text()).toContain("友だち追加ありがとうございます");

      const byRoute = await eventually(async () => {
        const row = await stack.database.db
          .selectFrom("friends")
          .select(["inflow_route_id", "status"])
          .where("line_user_id", "=", userId)
          .executeTakeFirst();
        return row?.inflow_route_id ? row : undefined;
      });
      expect(byRoute).toEqual({ inflow_route_id: route.id, status: "following" });

      const stats = await admin.request(
        "GET",
        `/api/channels/${stack.channel.id}/inflow-routes/stats?days=7`,
      );
      const { routes } = (await stats.json()) as {
        routes: { routeId: string | null; visits: number[]; friends: number[] }[];
      };
      const mine = routes.find((r) => r.routeId === route.id);
      expect(mine?.visits.at(-1)).toBe(1);
      expect(mine?.friends.at(-1)).toBe(1);
      // Friends who came through no route are counted as such.
      expect(routes.find((r) => r.routeId === null)?.friends.at(-1)).toBeGreaterThan(0);
    });
  });
});
