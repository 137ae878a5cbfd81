import { testDatabaseKinds } from "@kizuna/db/testing";
import type { ServerDeps } from "@kizuna/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_FRIENDS,
  DEMO_MEMBERS,
  demoLinking,
  ensureDemoChannel,
} from "../packages/cli/src/demo.ts";
import { control, eventually, type Stack, startStack } from "./harness.ts";

interface Received {
  message: { type: string; text?: string; template?: { actions: { uri?: string }[] } };
}

describe("demo linking settings", () => {
  it("use the demo's own credential check unless LINK_VERIFY_URL names the company's", () => {
    expect(demoLinking({}, "http://localhost:3000")).toEqual({
      verifyUrl: "http://localhost:3000/demo/link-verify",
      demoVerify: true,
    });
    const company = { verifyUrl: "https://shop.example/verify", verifyToken: "t" };
    expect(demoLinking(company, "http://localhost:3000")).toBe(company);
  });
});

describe.each(testDatabaseKinds())("the demo's friends and account linking on $name", (kind) => {
  let stack: Stack;
  let demoChannelId: string;
  // As `npm start` sets it up; the server's address is known once it listens.
  const linking: NonNullable<ServerDeps["linking"]> = { demoVerify: true };

  beforeAll(async () => {
    stack = await startStack(kind, { linking });
    Object.assign(linking, demoLinking({}, stack.url));
    const demo = await ensureDemoChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
    demoChannelId = demo.lineChannelId;
  }, 180_000);
  afterAll(() => stack?.stop());

  it("has 40 virtual friends who follow, enough for LINE to report a campaign's opens", async () => {
    const following = await eventually(async () => {
      const rows = await stack.database.db
        .selectFrom("friends as f")
        .innerJoin("channels as c", "c.id", "f.channel_id")
        .select("f.display_name")
        .where("c.line_channel_id", "=", demoChannelId)
        .where("f.status", "=", "following")
        .execute();
      const named = rows.filter((row) => row.display_name !== null);
      return named.length === DEMO_FRIENDS.length ? named : undefined;
    });
    expect(following.map((row) => row.display_name).sort()).toEqual([...DEMO_FRIENDS].sort());
    // LINE reports no opens under 20 (decision 014).
    expect(following.length).toBeGreaterThanOrEqual(20);

    // A restart adds no one.
    const again = await ensureDemoChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
    expect(again).toEqual({ lineChannelId: demoChannelId, created: false });
    const users = await control<{ total: number }>(
      stack.emulatorUrl,
      "GET",
      `/_emulator/channels/${demoChannelId}/users`,
    );
    expect(users.total).toBe(DEMO_FRIENDS.length);
  });

  async function demoFriendAsksToLink(name: string): Promise<{ userId: string; signIn: string }> {
    const { userId } = await control<{ userId: string }>(
      stack.emulatorUrl,
      "POST",
      `/_emulator/channels/${demoChannelId}/users`,
      { displayName: name },
    );
    await stack.act(userId, "follow");
    await stack.act(userId, "messages", { text: "連携" });
    const signIn = await eventually(
      async () => {
        const { messages } = await control<{ messages: Received[] }>(
          stack.emulatorUrl,
          "GET",
          `/_emulator/channels/${demoChannelId}/received?userId=${userId}`,
        );
        return messages.at(-1)?.message.template?.actions[0]?.uri;
      },
      20_000,
      "the sign-in button",
    );
    return { userId, signIn };
  }

  async function signInWith(signIn: string, loginId: string, password: string) {
    const page = await fetch(signIn);
    expect(page.status).toBe(200);
    const html = await page.text();
    const fields: Record<string, string> = {};
    for (const match of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
      fields[match[1]!] = match[2]!.replaceAll("&amp;", "&");
    return fetch(`${stack.url}/link/account`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      },
      body: new URLSearchParams({ ...fields, loginId, password }),
    });
  }

  it("links a demo friend to a demo member who signs in with the README's credentials", async () => {
    const hanako = DEMO_MEMBERS[0]!;
    const { userId, signIn } = await demoFriendAsksToLink("デモ 花子");

    const wrong = await signInWith(signIn, hanako.fields.email!, "not-the-password");
    expect(wrong.status).toBe(401);

    const answer = await signInWith(signIn, hanako.fields.email!, "kizuna-demo");
    expect(answer.status).toBe(303);
    const dialog = new URL(answer.headers.get("location") ?? "");
    await control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/account-link`, {
      linkToken: dialog.searchParams.get("linkToken"),
      nonce: dialog.searchParams.get("nonce"),
    });
    const linked = await eventually(async () => {
      const row = await stack.database.db
        .selectFrom("friends as f")
        .innerJoin("members as m", "m.id", "f.member_id")
        .select("m.external_id")
        .where("f.line_user_id", "=", userId)
        .executeTakeFirst();
      return row?.external_id;
    });
    expect(linked).toBe(hanako.externalId);
  });

  it("signs in no member that the demo did not make, whatever the password", async () => {
    await stack.database.db
      .insertInto("members")
      .values({ external_id: "M-REAL-1", email: "real@example.com", attributes: "{}" })
      .execute();
    const { signIn } = await demoFriendAsksToLink("本物 会員");
    expect((await signInWith(signIn, "real@example.com", "kizuna-demo")).status).toBe(401);
  });
});
