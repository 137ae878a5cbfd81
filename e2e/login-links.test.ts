import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCompanySite } from "../packages/server/src/linking/testing.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

describe.each(testDatabaseKinds())("login links in campaigns on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let site: Awaited<ReturnType<typeof startCompanySite>>;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url);
    const key = await admin.request("POST", "/api/api-keys", {
      name: "Shop site",
      scopes: ["linking:write", "members:write"],
    });
    apiKey = ((await key.json()) as { key: string }).key;
    site = await startCompanySite({ url: stack.url, apiKey });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await site?.close();
  });

  async function friend(name: string, externalId: string | null) {
    const userId = await stack.addUser(name);
    await stack.act(userId, "follow");
    const row = await eventually(() =>
      stack.database.db
        .selectFrom("friends")
        .select("id")
        .where("line_user_id", "=", userId)
        .executeTakeFirst(),
    );
    if (externalId) {
      const member = await fetch(`${stack.url}/api/v1/members/${externalId}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      expect([200, 201]).toContain(member.status);
      const linked = await admin.request(
        "PUT",
        `/api/channels/${stack.channel.id}/friends/${row.id}/link`,
        { externalId },
      );
      expect(linked.status).toBe(200);
    }
    return userId;
  }

  const textOf = async (userId: string) =>
    eventually(async () => (await stack.received(userId)).at(-1)?.message.text, 20_000, "a text");

  it("sends each linked friend their own link that signs them in on the company site once", async () => {
    const hanako = await friend("花子", "M-1");
    const taro = await friend("太郎", "M-2");
    const guest = await friend("ゲスト", null);
    const page = `${site.url}/mypage`;

    const sent = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      messages: [{ type: "text", text: `マイページはこちら {{login_url:${page}}}` }],
    });
    expect(sent.status, await sent.clone().text()).toBe(202);

    const links = new Map<string, string>();
    for (const userId of [hanako, taro, guest]) {
      const text = await textOf(userId);
      expect(text).toMatch(/^マイページはこちら /);
      links.set(userId, text.slice("マイページはこちら ".length));
    }
    // A friend who is not linked gets the page itself.
    expect(links.get(guest)).toBe(page);
    const [hanakoLink, taroLink] = [links.get(hanako)!, links.get(taro)!];
    expect(hanakoLink).toMatch(new RegExp(`^${page}\\?kizuna_token=`));
    expect(taroLink).toMatch(new RegExp(`^${page}\\?kizuna_token=`));
    expect(hanakoLink).not.toBe(taroLink);

    const open = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, body: await response.json() };
    };
    expect(await open(hanakoLink)).toEqual({ status: 200, body: { signedIn: "M-1" } });
    expect(await open(taroLink)).toEqual({ status: 200, body: { signedIn: "M-2" } });
    // Forwarded or opened again, the link signs nobody in.
    expect(await open(hanakoLink)).toEqual({
      status: 401,
      body: { signedIn: null, refused: "token_used" },
    });
    expect(await open(links.get(guest)!)).toEqual({
      status: 401,
      body: { signedIn: null, refused: "no_token" },
    });
  }, 120_000);

  it("refuses a login link that names no web page before anything is sent", async () => {
    const refused = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      messages: [{ type: "text", text: "{{login_url:mypage}}" }],
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("login_url");
  });
});
