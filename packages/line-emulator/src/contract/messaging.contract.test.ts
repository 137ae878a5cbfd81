import { randomUUID } from "node:crypto";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import { arrangeChannel, eventually } from "../testing/harness.ts";
import {
  contractProblems,
  type Exchange,
  exercisedOperations,
  type RecordingEmulator,
  startRecordingEmulator,
} from "./recording.ts";

// Every Messaging API endpoint that src/messaging serves, called through the official SDK; every
// request and response on the wire must match messaging-api.yml, errors included.

const OWN_OPERATIONS = [
  "replyMessage",
  "pushMessage",
  "multicast",
  "narrowcast",
  "getNarrowcastProgress",
  "broadcast",
  "validateReply",
  "validatePush",
  "validateMulticast",
  "validateNarrowcast",
  "validateBroadcast",
  "getMessageQuota",
  "getMessageQuotaConsumption",
  "getAggregationUnitUsage",
  "getAggregationUnitNameList",
  "getNumberOfSentReplyMessages",
  "getNumberOfSentPushMessages",
  "getNumberOfSentMulticastMessages",
  "getNumberOfSentBroadcastMessages",
  "getProfile",
  "getBotInfo",
  "getWebhookEndpoint",
  "setWebhookEndpoint",
];

let running: RecordingEmulator;
let channel: Channel;
let friends: string[];
let client: messagingApi.MessagingApiClient;
let checked = 0;
const statuses = new Set<number>();

beforeAll(async () => {
  running = await startRecordingEmulator({
    narrowcast: { phaseMs: 10 },
    audienceReadyDelayMs: 0,
    rateLimits: { overrides: { "GET /v2/bot/info": { limit: 1, windowMs: 3_600_000 } } },
  });
  ({ channel } = await arrangeChannel(running.control));
  const { body } = await running.control.post<{ userIds: string[] }>(
    `/channels/${channel.channelId}/followers`,
    { count: 100, silent: true },
  );
  friends = body.userIds;
  client = new messagingApi.MessagingApiClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });
});
afterAll(() => running.close());

// Each test's exchanges are checked against the spec as soon as it ends.
afterEach(() => {
  const fresh = running.exchanges.slice(checked);
  checked = running.exchanges.length;
  for (const exchange of fresh) statuses.add(exchange.status);
  expect(fresh.flatMap((exchange: Exchange) => contractProblems(exchange))).toEqual([]);
});

async function expectFailure(status: number, call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    expect(error.status).toBe(status);
    return JSON.parse(error.body);
  }
  throw new Error(`expected ${status}`);
}

const IMAGE = "https://example.com/image.png";

/** One of each message type, built with the SDK's own types. */
function everyMessageType(): messagingApi.Message[] {
  const postback: messagingApi.PostbackAction = { type: "postback", label: "Buy", data: "buy=1" };
  return [
    {
      type: "text",
      text: "$ Hello",
      emojis: [{ index: 0, productId: "5ac1bfd5040ab15980c9b435", emojiId: "001" }],
      quickReply: {
        items: [
          { type: "action", action: { type: "camera", label: "Camera" } },
          { type: "action", action: { type: "location", label: "Location" } },
          { type: "action", action: { type: "message", label: "Hi", text: "hi" } },
        ],
      },
      sender: { name: "Shop", iconUrl: IMAGE },
    },
    {
      type: "textV2",
      text: "Hello {smile}",
      substitution: {
        smile: { type: "emoji", productId: "5ac1bfd5040ab15980c9b435", emojiId: "002" },
      },
    },
    { type: "sticker", packageId: "446", stickerId: "1988" },
    { type: "image", originalContentUrl: IMAGE, previewImageUrl: IMAGE },
    {
      type: "video",
      originalContentUrl: "https://example.com/a.mp4",
      previewImageUrl: IMAGE,
      trackingId: "v1",
    },
    { type: "audio", originalContentUrl: "https://example.com/a.m4a", duration: 60_000 },
    { type: "location", title: "Shop", address: "Tokyo", latitude: 35.68, longitude: 139.76 },
    {
      type: "imagemap",
      baseUrl: "https://example.com/imagemap",
      altText: "Map",
      baseSize: { width: 1040, height: 1040 },
      actions: [
        {
          type: "uri",
          linkUri: "https://example.com",
          area: { x: 0, y: 0, width: 520, height: 1040 },
        },
        { type: "message", text: "hello", area: { x: 520, y: 0, width: 520, height: 1040 } },
      ],
    },
    {
      type: "template",
      altText: "Buttons",
      template: {
        type: "buttons",
        thumbnailImageUrl: IMAGE,
        title: "Menu",
        text: "Pick",
        actions: [
          postback,
          {
            type: "datetimepicker",
            label: "When",
            data: "when",
            mode: "date",
            initial: "2026-12-01",
          },
          { type: "uri", label: "Site", uri: "https://example.com" },
        ],
      },
    },
    {
      type: "template",
      altText: "Confirm",
      template: {
        type: "confirm",
        text: "Sure?",
        actions: [postback, { type: "message", label: "No", text: "no" }],
      },
    },
    {
      type: "template",
      altText: "Carousel",
      template: {
        type: "carousel",
        columns: [
          { text: "One", actions: [postback] },
          { text: "Two", actions: [postback] },
        ],
      },
    },
    {
      type: "template",
      altText: "Images",
      template: { type: "image_carousel", columns: [{ imageUrl: IMAGE, action: postback }] },
    },
    {
      type: "flex",
      altText: "Flex",
      contents: {
        type: "carousel",
        contents: [
          {
            type: "bubble",
            hero: { type: "image", url: IMAGE, size: "full", aspectRatio: "20:13" },
            body: {
              type: "box",
              layout: "vertical",
              contents: [
                { type: "text", text: "Coffee", weight: "bold", size: "xl" },
                { type: "separator" },
                {
                  type: "box",
                  layout: "baseline",
                  contents: [
                    { type: "icon", url: IMAGE },
                    { type: "text", text: "4.0", contents: [{ type: "span", text: "★" }] },
                  ],
                },
              ],
            },
            footer: {
              type: "box",
              layout: "vertical",
              contents: [{ type: "button", style: "primary", action: postback }],
            },
          },
        ],
      },
    },
  ];
}

describe("Messaging API contract", () => {
  it("push, multicast and broadcast every message type", async () => {
    const messages = everyMessageType();
    for (let i = 0; i < messages.length; i += 5) {
      const batch = messages.slice(i, i + 5);
      const pushed = await client.pushMessageWithHttpInfo({ to: friends[0]!, messages: batch });
      expect(pushed.body.sentMessages).toHaveLength(batch.length);
      await client.multicastWithHttpInfo({ to: friends.slice(0, 3), messages: batch });
      for (const kind of ["Reply", "Push", "Multicast", "Narrowcast", "Broadcast"] as const) {
        await client[`validate${kind}WithHttpInfo`]({ messages: batch });
      }
    }
    await client.broadcastWithHttpInfo({ messages: messages.slice(0, 2) }, randomUUID());
  });

  it("reply with a token from a webhook event", async () => {
    const { body } = await running.control.post<{ replyToken: string }>(
      `/users/${friends[1]}/messages`,
      {
        text: "Hi",
      },
    );
    const replied = await client.replyMessageWithHttpInfo({
      replyToken: body.replyToken,
      messages: [{ type: "text", text: "Hello" }],
      notificationDisabled: true,
    });
    expect(replied.body.sentMessages).toHaveLength(1);
    await expectFailure(400, () =>
      client.replyMessage({
        replyToken: body.replyToken,
        messages: [{ type: "text", text: "Again" }],
      }),
    );
  });

  it("narrowcast and its progress through every phase", async () => {
    const { httpResponse } = await client.narrowcastWithHttpInfo(
      {
        messages: [{ type: "text", text: "Sale" }],
        recipient: {
          type: "operator",
          not: { type: "redelivery", requestId: await firstBroadcastRequestId() },
        },
        filter: { demographic: { type: "age", gte: "age_15" } },
        limit: { max: 1000, upToRemainingQuota: true, forbidPartialDelivery: false },
      },
      randomUUID(),
    );
    expect(httpResponse.status).toBe(202);
    const requestId = httpResponse.headers.get("x-line-request-id")!;
    await client.getNarrowcastProgressWithHttpInfo(requestId);
    await eventually(
      async () => (await client.getNarrowcastProgress(requestId)).phase === "failed",
      "the narrowcast to fail (no one is left once the broadcast's recipients are excluded)",
    );
    const plain = await client.narrowcastWithHttpInfo({
      messages: [{ type: "text", text: "All" }],
    });
    const plainId = plain.httpResponse.headers.get("x-line-request-id")!;
    await eventually(
      async () => (await client.getNarrowcastProgress(plainId)).phase === "succeeded",
      "the narrowcast to succeed",
    );
    await expectFailure(404, () => client.getNarrowcastProgress(randomUUID()));
  });

  it("quota, consumption and delivery counts", async () => {
    expect((await client.getMessageQuotaWithHttpInfo()).body).toEqual({ type: "none" });
    await running.control.patch(`/channels/${channel.channelId}/quota`, { plan: "light" });
    expect((await client.getMessageQuotaWithHttpInfo()).body).toEqual({
      type: "limited",
      value: 5000,
    });
    expect((await client.getMessageQuotaConsumptionWithHttpInfo()).body.totalUsage).toBeGreaterThan(
      0,
    );
    const today = new Date(Date.now() + 9 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll("-", "");
    for (const date of [today, "20200101"]) {
      await client.getNumberOfSentReplyMessagesWithHttpInfo(date);
      await client.getNumberOfSentPushMessagesWithHttpInfo(date);
      await client.getNumberOfSentMulticastMessagesWithHttpInfo(date);
      await client.getNumberOfSentBroadcastMessagesWithHttpInfo(date);
    }
  });

  it("aggregation units used this month, and their names a page at a time", async () => {
    for (const unit of ["contract_a", "contract_b"]) {
      await client.pushMessage({
        to: friends[0]!,
        messages: [{ type: "text", text: unit }],
        customAggregationUnits: [unit],
      });
    }
    const usage = await client.getAggregationUnitUsageWithHttpInfo();
    expect(usage.body.numOfCustomAggregationUnits).toBeGreaterThanOrEqual(2);
    const page = await client.getAggregationUnitNameListWithHttpInfo("1");
    expect(page.body.customAggregationUnits).toHaveLength(1);
    expect(page.body.next).toEqual(expect.any(String));
    await expectFailure(400, () => client.getAggregationUnitNameList("1", "no-such-token"));
  });

  it("profile, bot info and webhook endpoint", async () => {
    await client.getProfileWithHttpInfo(friends[0]!);
    await expectFailure(404, () => client.getProfile(`U${"0".repeat(32)}`));
    await client.getBotInfoWithHttpInfo();
    await client.setWebhookEndpointWithHttpInfo({ endpoint: "https://example.com/webhook" });
    expect((await client.getWebhookEndpointWithHttpInfo()).body).toEqual({
      endpoint: "https://example.com/webhook",
      active: true,
    });
  });

  it("errors: 400 details, 401, 409 with sentMessages, 429 for rate and quota", async () => {
    const invalid = await expectFailure(400, () =>
      client.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "x".repeat(5001) }] }),
    );
    expect(invalid.details[0].property).toBe("messages[0].text");
    const stranger = new messagingApi.MessagingApiClient({
      channelAccessToken: "wrong",
      baseURL: running.baseURL,
    });
    await expectFailure(401, () => stranger.getMessageQuota());

    const key = randomUUID();
    await client.pushMessage({ to: friends[2]!, messages: [{ type: "text", text: "Once" }] }, key);
    const conflict = await expectFailure(409, () =>
      client.pushMessage({ to: friends[2]!, messages: [{ type: "text", text: "Once" }] }, key),
    );
    expect(conflict.sentMessages).toHaveLength(1);

    // GET /v2/bot/info is limited to one an hour in this emulator.
    await expectFailure(429, () => client.getBotInfo());
    await running.control.patch(`/channels/${channel.channelId}/quota`, { limit: 0 });
    expect(
      await expectFailure(429, () =>
        client.multicast({ to: friends, messages: [{ type: "text", text: "x" }] }),
      ),
    ).toEqual({ message: "You have reached your monthly limit." });
  });

  it("covers every operation src/messaging serves, with successes and errors", () => {
    const exercised = exercisedOperations(running.exchanges);
    expect(OWN_OPERATIONS.filter((id) => !exercised.has(id))).toEqual([]);
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining([200, 202, 400, 401, 404, 409, 429]),
    );
  });
});

async function firstBroadcastRequestId(): Promise<string> {
  const broadcast = running.exchanges.find(
    (e) => e.url === "/v2/bot/message/broadcast" && e.status === 200,
  );
  expect(broadcast).toBeDefined();
  const { httpResponse } = await client.broadcastWithHttpInfo({
    messages: [{ type: "text", text: "Again" }],
  });
  return httpResponse.headers.get("x-line-request-id")!;
}
