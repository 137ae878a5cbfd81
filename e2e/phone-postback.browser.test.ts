import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

const kind = testDatabaseKinds().at(-1)!;

describe(`a friend taps a button on the emulator's phone page, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("and Kizuna receives the postback of the template it sent", async () => {
    const admin = await signUpOwner(stack.url);
    const userId = await stack.addUser("ボタン 押す子");
    await stack.act(userId, "follow");
    const friend = await eventually(
      () =>
        stack.database.db
          .selectFrom("friends")
          .select("id")
          .where("line_user_id", "=", userId)
          .executeTakeFirst(),
      10_000,
      "the follow",
    );

    const sent = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      messages: [
        {
          type: "template",
          altText: "ご予約はこちら",
          template: {
            type: "buttons",
            text: "ご予約はこちら",
            actions: [{ type: "postback", label: "予約する", data: "action=reserve" }],
          },
        },
      ],
    });
    expect(sent.status).toBe(202);
    await eventually(
      async () => ((await stack.received(userId)).length > 0 ? true : undefined),
      20_000,
      "the template on the phone",
    );

    const page = await browser.newPage({ viewport: { width: 420, height: 860 }, locale: "ja-JP" });
    await page.goto(`${stack.emulatorUrl}/_emulator/phone/${userId}`);
    await page.getByRole("button", { name: "予約する" }).click();

    const postback = await eventually(
      () =>
        stack.database.db
          .selectFrom("friend_timeline")
          .select(["kind", "detail"])
          .where("friend_id", "=", friend.id)
          .where("kind", "=", "postback")
          .executeTakeFirst(),
      10_000,
      "the postback in the friend's timeline",
    );
    expect(postback.detail).toMatchObject({ data: "action=reserve" });
  });
});
