import { isDeepStrictEqual as isEqual } from "node:util";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

// The composer's API against the emulator: Kizuna refuses what the emulator (standing for LINE)
// refuses, and a test send reaches exactly the chosen test recipients, personalised.

interface Problem {
  property: string;
  message: string;
}

describe.each(testDatabaseKinds())("composer against the emulator on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  const users: Record<string, string> = {};
  const friendIds: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url);
    for (const name of ["スタッフ 一郎", "スタッフ 二郎", "お客様 三郎"]) {
      users[name] = await stack.addUser(name);
      await stack.act(users[name], "follow");
    }
    await eventually(
      async () => {
        const response = await admin.request("GET", `/api/channels/${stack.channel.id}/friends`);
        const { friends } = (await response.json()) as {
          friends: { id: string; lineUserId: string; displayName: string | null }[];
        };
        for (const [name, userId] of Object.entries(users)) {
          const friend = friends.find((f) => f.lineUserId === userId && f.displayName === name);
          if (friend) friendIds[name] = friend.id;
        }
        return Object.keys(friendIds).length === 3 ? true : undefined;
      },
      10_000,
      "three friends with profiles",
    );
  });
  afterAll(() => stack?.stop());

  const api = (method: string, path: string, body?: unknown) =>
    admin.request(method, `/api/channels/${stack.channel.id}/messages/${path}`, body);

  async function emulatorProblems(messages: unknown[]): Promise<Problem[]> {
    const response = await fetch(`${stack.emulatorUrl}/v2/bot/message/validate/multicast`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.lineChannel.channelAccessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ messages }),
    });
    if (response.status === 200) return [];
    return ((await response.json()) as { details: Problem[] }).details;
  }

  it("refuses what the emulator refuses, in the same words at the same paths", async () => {
    const messages = [
      {
        type: "template",
        altText: "",
        template: {
          type: "carousel",
          columns: [
            {
              title: "A",
              text: "a",
              actions: [
                { type: "uri", label: "とても長いラベルはボタンに収まりません", uri: "ftp://x" },
              ],
            },
            { text: "b", actions: [{ type: "message", label: "", text: "b" }] },
          ],
        },
      },
      { type: "sticker", packageId: "446" },
    ];
    const fromEmulator = await emulatorProblems(messages);
    expect(fromEmulator.length).toBeGreaterThanOrEqual(3);
    const response = await api("POST", "validate", { messages });
    const { valid, problems } = (await response.json()) as { valid: boolean; problems: Problem[] };
    expect(valid).toBe(false);
    expect(problems.map(({ property, message }) => ({ property, message }))).toEqual(fromEmulator);
  });

  it("test-sends, personalised, to exactly the chosen test recipients, and audits it", async () => {
    const chosen = ["スタッフ 一郎", "スタッフ 二郎"];
    for (const name of chosen) {
      expect((await api("PUT", `test-recipients/${friendIds[name]}`)).status).toBe(204);
    }
    const messages = [
      { type: "text", text: "{{name}}さん、テスト配信です" },
      {
        type: "template",
        altText: "ご案内",
        template: {
          type: "confirm",
          text: "届きましたか？",
          actions: [
            { type: "message", label: "はい", text: "はい" },
            { type: "message", label: "いいえ", text: "いいえ" },
          ],
        },
      },
    ];
    const response = await api("POST", "test-send", {
      messages,
      friendIds: chosen.map((name) => friendIds[name]),
    });
    expect(response.status).toBe(200);
    const { outcomes } = (await response.json()) as { outcomes: { ok: boolean }[] };
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);

    for (const name of chosen) {
      const received = await stack.received(users[name]!);
      expect(received.map((r) => r.message)).toEqual([
        { type: "text", text: `${name}さん、テスト配信です` },
        messages[1],
      ]);
    }
    expect(await stack.received(users["お客様 三郎"]!)).toEqual([]);

    const audit = await stack.database.db
      .selectFrom("audit_log")
      .select(["action", "target_id", "detail"])
      .where("action", "=", "messages.test_sent")
      .execute();
    expect(audit).toEqual([
      {
        action: "messages.test_sent",
        target_id: stack.channel.id,
        detail: {
          friendIds: chosen.map((name) => friendIds[name]),
          messageTypes: ["text", "template"],
          accepted: 2,
          failed: 0,
        },
      },
    ]);
  });

  it("never test-sends to a friend who is not a test recipient", async () => {
    const response = await api("POST", "test-send", {
      messages: [{ type: "text", text: "内緒" }],
      friendIds: [friendIds["お客様 三郎"]],
    });
    expect(response.status).toBe(400);
    expect(await stack.received(users["お客様 三郎"]!)).toEqual([]);
  });

  it("makes campaigns that the campaign API takes, and LINE's refusals stop one", async () => {
    const campaigns = `/api/channels/${stack.channel.id}/campaigns`;
    const buttons = (label: string) => ({
      type: "template",
      altText: "ご案内",
      template: {
        type: "buttons",
        text: "春の新メニュー",
        actions: [{ type: "uri", label, uri: "https://example.com/menu" }],
      },
    });
    const refused = await admin.request("POST", campaigns, {
      messages: [buttons("メニューを見る、ご予約もこちらからどうぞお気軽に")],
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "invalid_messages",
        details: { problems: [{ field: "0.template.actions.0.label" }] },
      },
    });

    const messages = [{ type: "text", text: "{{name}}さんへ" }, buttons("メニューを見る")];
    const accepted = await admin.request("POST", campaigns, { messages });
    expect(accepted.status).toBe(202);
    // The button's URL arrives as a tracking link (decision 012), which leads to the menu.
    const tracking = new RegExp(`^${stack.url}/l/[0-9A-Za-z]+$`);
    const asSent = (message: unknown) => {
      const uri = (message as ReturnType<typeof buttons> | undefined)?.template?.actions[0]?.uri;
      return uri && tracking.test(uri) ? buttons("メニューを見る") : message;
    };
    for (const [name, userId] of Object.entries(users)) {
      const received = await eventually(
        async () => {
          const all = await stack.received(userId);
          return isEqual(asSent(all.at(-1)?.message), messages[1]) ? all.slice(-2) : undefined;
        },
        15_000,
        `the campaign at ${name}`,
      );
      expect(received.map((r) => asSent(r.message))).toEqual([
        { type: "text", text: `${name}さんへ` },
        messages[1],
      ]);
    }
  });
});
