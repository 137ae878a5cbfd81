import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { messagingApi, validateSignature } from "@line/bot-sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";
import { encodePng } from "../users-api/png.ts";

// A person acts as a virtual friend on the phone page in Chromium: the bot (through the
// official SDK) sends a buttons template, the person taps a button, and the bot's webhook
// server receives the postback, signed.

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// The committed screenshot is refreshed with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/
// so that running the tests leaves the tree clean.
const SCREENSHOT = join(
  import.meta.dirname,
  "..",
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
  "phone.png",
);

let running: Running;
let bot: WebhookReceiver;
let browser: Browser;
let page: Page;
let channel: Channel;
let userId: string;
let client: messagingApi.MessagingApiClient;

/** A 3-tile rich menu image (2500×843), drawn without an image library. */
function menuImage(): Blob {
  const width = 2500;
  const height = 843;
  const colours = [
    [6, 199, 85],
    [255, 183, 77],
    [66, 133, 244],
  ];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tile = Math.min(2, Math.floor(x / (width / 3)));
      const edge = x % Math.floor(width / 3) < 6 || y < 6;
      const [r, g, b] = edge ? [255, 255, 255] : colours[tile]!;
      pixels.writeUInt8(r!, (y * width + x) * 3);
      pixels.writeUInt8(g!, (y * width + x) * 3 + 1);
      pixels.writeUInt8(b!, (y * width + x) * 3 + 2);
    }
  }
  return new Blob([new Uint8Array(encodePng(width, height, pixels))], { type: "image/png" });
}

/** The webhook events the bot has received so far, flattened. */
function events(): Record<string, unknown>[] {
  return bot.requests.flatMap((request) => request.body.events);
}

async function eventWhere(test: (event: Record<string, unknown>) => boolean, what: string) {
  return eventually(() => events().find(test), what, 10_000);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: npm test installs it with apt`);
  bot = await startWebhookReceiver();
  running = await startEmulator();
  const arranged = await arrangeChannel(running.control, { webhookUrl: bot.url, friends: 1 });
  channel = arranged.channel;
  userId = arranged.friends[0]!;
  await running.control.patch(`/channels/${channel.channelId}`, { name: "Kizuna Café" });
  client = new messagingApi.MessagingApiClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });

  const menu = await client.createRichMenu({
    size: { width: 2500, height: 843 },
    selected: true,
    name: "main",
    chatBarText: "メニュー",
    areas: [
      {
        bounds: { x: 0, y: 0, width: 833, height: 843 },
        action: { type: "postback", data: "menu=reserve" },
      },
      {
        bounds: { x: 833, y: 0, width: 833, height: 843 },
        action: { type: "message", text: "営業時間は？" },
      },
      {
        bounds: { x: 1666, y: 0, width: 834, height: 843 },
        action: { type: "uri", uri: "tel:0312345678" },
      },
    ],
  });
  await new messagingApi.MessagingApiBlobClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  }).setRichMenuImage(menu.richMenuId, menuImage());
  await client.setDefaultRichMenu(menu.richMenuId);

  await running.control.post(`/users/${userId}/messages`, {
    text: "こんにちは！ランチのメニューを見せてください",
  });
  await client.pushMessage({
    to: userId,
    messages: [
      {
        type: "text",
        text: "いらっしゃいませ $ 本日のおすすめはこちらです https://example.com/menu",
        emojis: [{ index: 9, productId: "5ac1bfd5040ab15980c9b435", emojiId: "001" }],
      },
      { type: "sticker", packageId: "446", stickerId: "1988" },
      {
        type: "template",
        altText: "本日のランチ",
        template: {
          type: "buttons",
          thumbnailImageUrl: "https://example.com/lunch.jpg",
          title: "本日のランチ",
          text: "どれにしますか？",
          actions: [
            {
              type: "postback",
              label: "パスタ",
              data: "lunch=pasta",
              displayText: "パスタにします",
            },
            { type: "postback", label: "カレー", data: "lunch=curry" },
            { type: "datetimepicker", label: "予約する", data: "reserve", mode: "datetime" },
          ],
        },
        quickReply: {
          items: [
            {
              type: "action",
              action: { type: "message", label: "おすすめは？", text: "おすすめは？" },
            },
            { type: "action", action: { type: "location", label: "現在地を送る" } },
          ],
        },
      },
    ],
  });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 480, height: 900 }, locale: "ja-JP" });
  await page.goto(`${running.baseURL}/_emulator/phone/${userId}`);
  await page.getByRole("button", { name: "パスタ" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await bot?.close();
});

describe("the phone page in Chromium", () => {
  it("shows the chat as LINE would, with the rich menu at the bottom", async () => {
    await expect(page.locator(".row.me").first().textContent()).resolves.toContain(
      "ランチのメニュー",
    );
    await expect(page.locator(".emoji").count()).resolves.toBe(1);
    await expect(page.locator(".sticker").count()).resolves.toBe(1);
    await expect(page.locator(".chip").allTextContents()).resolves.toEqual([
      "おすすめは？",
      "現在地を送る",
    ]);
    await expect(page.locator(".rich-menu .area").count()).resolves.toBe(3);
    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    // Opening the chat counts as reading it (impressions).
    const chat = await eventually(async () => {
      const { body } = await running.control.get<{ side: string; seen?: boolean }[]>(
        `/users/${userId}/chat`,
      );
      return body.filter((item) => item.side === "bot").every((item) => item.seen) && body;
    }, "the messages to be read");
    expect(chat.length).toBeGreaterThan(0);
  });

  it("taps a button of a buttons template and the bot receives the postback", async () => {
    await page.getByRole("button", { name: "パスタ" }).click();
    const postback = await eventWhere((event) => event.type === "postback", "the postback");
    expect(postback).toMatchObject({
      type: "postback",
      source: { type: "user", userId },
      replyToken: expect.any(String),
      postback: { data: "lunch=pasta" },
    });
    const request = bot.requests.find((r) => r.body.events.includes(postback))!;
    expect(
      validateSignature(
        request.rawBody,
        channel.channelSecret,
        String(request.headers["x-line-signature"]),
      ),
    ).toBe(true);
    // The display text shows as the friend's message, without a message event.
    await page.locator(".row.me", { hasText: "パスタにします" }).waitFor();
  });

  it("picks a date and time in the datetime picker", async () => {
    await page.getByRole("button", { name: "予約する" }).click();
    await page.locator("[data-picker-input]").fill("2026-12-24T19:30");
    await page.locator("[data-picker-ok]").click();
    const picked = await eventWhere(
      (event) => (event.postback as { data?: string } | undefined)?.data === "reserve",
      "the picker's postback",
    );
    expect(picked).toMatchObject({ postback: { params: { datetime: "2026-12-24T19:30" } } });
  });

  it("writes a message, taps a quick reply and a rich menu area", async () => {
    await page.locator("[data-input]").fill("3名で行きます");
    await page.locator("[data-input]").press("Enter");
    await eventWhere(
      (event) => (event.message as { text?: string } | undefined)?.text === "3名で行きます",
      "the typed message",
    );
    await page.locator(".row.me", { hasText: "3名で行きます" }).waitFor();

    await running.control.post(`/users/${userId}/read`);
    const { sentMessages } = await client.pushMessage({
      to: userId,
      messages: [
        {
          type: "text",
          text: "ご予約ありがとうございます",
          quickReply: {
            items: [{ type: "action", action: { type: "message", label: "OK", text: "OK" } }],
          },
        },
      ],
    });
    // The page picks the new message up by itself.
    await page
      .locator(`.row[data-message-id="${sentMessages[0]!.id}"]`)
      .waitFor({ timeout: 5_000 });
    await page.locator(".chip", { hasText: "OK" }).click();
    await eventWhere(
      (event) => (event.message as { text?: string } | undefined)?.text === "OK",
      "the quick reply",
    );

    await page.locator(".rich-menu .area").first().click();
    await eventWhere(
      (event) => (event.postback as { data?: string } | undefined)?.data === "menu=reserve",
      "the rich menu postback",
    );
  });
});
