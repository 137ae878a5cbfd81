import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { eventually, type Stack, startStack } from "./harness.ts";

const kind = testDatabaseKinds().at(-1)!;

// The smallest PNG: the preview loads the images the messages name, and the network is closed.
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

const FLEX_BUBBLE = {
  type: "bubble",
  hero: {
    type: "image",
    url: "https://img.example/strawberry-cake.png",
    size: "full",
    aspectRatio: "20:13",
    aspectMode: "cover",
  },
  body: {
    type: "box",
    layout: "vertical",
    contents: [{ type: "text", text: "春のいちごケーキ", weight: "bold", size: "xl" }],
  },
  footer: {
    type: "box",
    layout: "vertical",
    contents: [
      {
        type: "button",
        style: "primary",
        action: { type: "uri", label: "予約する", uri: "https://shop.example/reserve" },
      },
    ],
  },
};

describe(`the composer's message types in the admin UI, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let staff: string;
  let customer: string;

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "ja-JP" });
    page.setDefaultTimeout(8_000);
    await page.route("https://img.example/**", (route) =>
      route.fulfill({ status: 200, contentType: "image/png", body: PIXEL }),
    );
    staff = await stack.addUser("スタッフ 花子");
    customer = await stack.addUser("お客様 太郎");
    for (const userId of [staff, customer]) await stack.act(userId, "follow");
    // The follows reach Kizuna by webhook; the test recipient picker finds only friends it has.
    await eventually(
      async () => {
        const friends = await stack.database.db
          .selectFrom("friends")
          .select("id")
          .where("channel_id", "=", stack.channel.id)
          .execute();
        return friends.length === 2 ? true : undefined;
      },
      15_000,
      "both follows",
    );
    await page.goto(stack.url);
    await createOwnerInBrowser(page);
    await page.getByTestId("nav-composer").click();
    await field("0.text").waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const field = (id: string) => page.locator(`[data-field="${id}"]`);
  const errorOf = (id: string) => page.locator(`[data-error-for="${id}"]`);
  const preview = () => page.frameLocator('[data-testid="line-preview"]');
  const button = (name: string) => page.getByRole("button", { name, exact: true });
  const testSend = () => page.getByRole("button", { name: /^テスト配信する/ });

  /** A fresh composer: one empty text message. */
  async function startOver() {
    await page.reload();
    await field("0.text").waitFor();
  }

  async function addMessage(type: string) {
    await button("メッセージを追加").click();
    await page.getByRole("menuitem", { name: type, exact: true }).click();
  }

  async function waitUntilValid() {
    await page.getByText("LINE の仕様に適合", { exact: true }).waitFor();
  }

  /** Ticks the staff friend as the test send's recipient, marking them the first time. */
  async function chooseStaff() {
    const recipient = page.getByRole("checkbox", { name: "スタッフ 花子" });
    if ((await recipient.count()) === 0) {
      await page.getByTestId("test-recipient-add").fill("花子");
      await page.getByRole("option", { name: "スタッフ 花子" }).click();
    } else {
      await recipient.check();
    }
    await expect(recipient.isChecked()).resolves.toBe(true);
  }

  /** Test-sends to the staff friend and returns what their LINE got from this send. */
  async function testSendToStaff(expected: number) {
    const before = (await stack.received(staff)).length;
    await chooseStaff();
    await page.getByRole("button", { name: "テスト配信する（1 人）" }).click();
    await page.getByText("1 人に送信しました。", { exact: true }).waitFor();
    const received = await eventually(async () => {
      const messages = await stack.received(staff);
      return messages.length >= before + expected ? messages.slice(before) : undefined;
    });
    expect(received).toHaveLength(expected);
    return received.map((r) => r.message);
  }

  it("sends a text with a message and a postback quick reply, shown in the preview and received as composed", async () => {
    await field("0.text").fill("ご来店ありがとうございます。ご希望をお選びください");
    await button("クイックリプライ（0）").click();
    await button("クイックリプライのボタンを追加").click();
    await field("0.quickReply.items.0.action.label").fill("予約する");
    await field("0.quickReply.items.0.action.text").fill("予約したい");
    await button("クイックリプライのボタンを追加").click();
    await field("0.quickReply.items.1.action.type").selectOption({ label: "ポストバック" });
    await field("0.quickReply.items.1.action.label").fill("空き状況");
    await field("0.quickReply.items.1.action.data").fill("action=vacancy");
    await field("0.quickReply.items.1.action.displayText").fill("空き状況を見る");
    await button("クイックリプライ（2）").waitFor();
    await waitUntilValid();

    await expect(preview().getByRole("button").allTextContents()).resolves.toEqual([
      "予約する",
      "空き状況",
    ]);

    const received = await testSendToStaff(1);
    expect(received).toEqual([
      {
        type: "text",
        text: "ご来店ありがとうございます。ご希望をお選びください",
        quickReply: {
          items: [
            { type: "action", action: { type: "message", label: "予約する", text: "予約したい" } },
            {
              type: "action",
              action: {
                type: "postback",
                label: "空き状況",
                data: "action=vacancy",
                displayText: "空き状況を見る",
              },
            },
          ],
        },
      },
    ]);
    expect(await stack.received(customer)).toEqual([]);
  });

  it("previews and sends pasted Flex JSON, then places LINE's refusal of an http:// hero image on the Flex field and sends nothing", async () => {
    await startOver();
    await button("削除").click();
    await addMessage("Flex メッセージ");
    await field("0.altText").fill("春のいちごケーキのご案内");
    await field("0.contents").fill(JSON.stringify(FLEX_BUBBLE, null, 2));
    await waitUntilValid();
    await preview().getByText("春のいちごケーキ", { exact: true }).waitFor();
    await expect(preview().getByRole("button").allTextContents()).resolves.toEqual(["予約する"]);
    await expect(testSendToStaff(1)).resolves.toEqual([
      { type: "flex", altText: "春のいちごケーキのご案内", contents: FLEX_BUBBLE },
    ]);

    const sentBefore = (await stack.received(staff)).length;
    const refused = {
      ...FLEX_BUBBLE,
      hero: { ...FLEX_BUBBLE.hero, url: "http://img.example/strawberry-cake.png" },
    };
    await field("0.contents").fill(JSON.stringify(refused, null, 2));

    await expect(errorOf("0.contents").textContent()).resolves.toBe(
      "https:// で始まる URL にしてください（hero.url）",
    );
    await page.getByText("エラー 1 件", { exact: true }).first().waitFor();
    await expect(errorOf("0.altText").count()).resolves.toBe(0);
    await expect(testSend().isDisabled()).resolves.toBe(true);
    await page.getByText("エラーを直すとテスト配信できます。", { exact: true }).waitFor();
    expect(await stack.received(staff)).toHaveLength(sentBefore);
  });

  it("sends a text, an image, a location, an imagemap and a sticker in one send, received in that order", async () => {
    await startOver();
    await field("0.text").fill("今月のおすすめをお届けします");
    await addMessage("画像");
    await field("1.originalContentUrl").fill("https://img.example/menu.jpg");
    await field("1.previewImageUrl").fill("https://img.example/menu-small.jpg");
    await addMessage("位置情報");
    await field("2.title").fill("キズナ珈琲 渋谷店");
    await field("2.address").fill("東京都渋谷区道玄坂1-2-3");
    await field("2.latitude").fill("35.658581");
    await field("2.longitude").fill("139.701742");
    await addMessage("イメージマップ");
    await field("3.baseUrl").fill("https://img.example/imagemap");
    await field("3.altText").fill("メニューはこちら");
    await field("3.actions.0.linkUri").fill("https://shop.example/menu");
    await addMessage("スタンプ");
    await field("4.stickerId").fill("1989");
    await waitUntilValid();

    const received = await testSendToStaff(5);
    expect(received).toEqual([
      { type: "text", text: "今月のおすすめをお届けします" },
      {
        type: "image",
        originalContentUrl: "https://img.example/menu.jpg",
        previewImageUrl: "https://img.example/menu-small.jpg",
      },
      {
        type: "location",
        title: "キズナ珈琲 渋谷店",
        address: "東京都渋谷区道玄坂1-2-3",
        latitude: 35.658581,
        longitude: 139.701742,
      },
      {
        type: "imagemap",
        baseUrl: "https://img.example/imagemap",
        altText: "メニューはこちら",
        baseSize: { width: 1040, height: 1040 },
        actions: [
          {
            type: "uri",
            linkUri: "https://shop.example/menu",
            area: { x: 0, y: 0, width: 1040, height: 1040 },
          },
        ],
      },
      { type: "sticker", packageId: "446", stickerId: "1989" },
    ]);
  });

  it("cannot add a sixth message, and is told why", async () => {
    await page.getByText("5 / 5 件", { exact: true }).waitFor();
    await expect(button("メッセージを追加").isDisabled()).resolves.toBe(true);
    await page
      .getByText(
        "LINE で 1 回に送れるメッセージは 5 件までです。追加するには、どれかを削除してください。",
        { exact: true },
      )
      .waitFor();

    await page
      .getByTestId("composer-message")
      .filter({ hasText: "5 件目" })
      .getByRole("button", { name: "削除", exact: true })
      .click();
    await page.getByText("4 / 5 件", { exact: true }).waitFor();
    await expect(button("メッセージを追加").isEnabled()).resolves.toBe(true);
  });
});
