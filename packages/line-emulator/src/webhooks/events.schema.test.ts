import { validateSignature } from "@line/bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  sdkClient,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";
import { accountLinkEvent } from "./events.ts";
import { webhookBodyErrors } from "./schema.ts";

// Every event a friend can cause, produced the way a script or the phone page produces it, must
// be a valid CallbackRequest of LINE's webhook.yml and carry a signature the SDK accepts.

let running: Running;
let bot: WebhookReceiver;
let channel: Channel;
let userId: string;

beforeAll(async () => {
  bot = await startWebhookReceiver();
  running = await startEmulator();
  const arranged = await arrangeChannel(running.control, { webhookUrl: bot.url, friends: 1 });
  channel = arranged.channel;
  userId = arranged.friends[0]!;
  await eventually(() => bot.requests.length === 1, "the friend's follow event");
});
afterAll(async () => {
  await running.close();
  await bot.close();
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Runs a friend action and returns the single event it sent, after checking the POST. */
async function eventOf(act: () => Promise<{ status: number }>): Promise<Record<string, unknown>> {
  const before = bot.requests.length;
  const { status } = await act();
  expect(status).toBeLessThan(300);
  const request = await eventually(() => bot.requests[before], "the webhook");
  expect(webhookBodyErrors(request.body)).toEqual([]);
  const signature = String(request.headers["x-line-signature"]);
  expect(validateSignature(request.rawBody, channel.channelSecret, signature)).toBe(true);
  expect(request.body.destination).toBe(channel.botUserId);
  const [event] = request.body.events;
  expect(event).toMatchObject({
    mode: "active",
    timestamp: expect.any(Number),
    source: { type: "user", userId },
    webhookEventId: expect.stringMatching(ULID),
    deliveryContext: { isRedelivery: false },
  });
  return event!;
}

const send = (body: unknown) => () => running.control.post(`/users/${userId}/messages`, body);

describe("webhook bodies validate against webhook.yml", () => {
  it("text with LINE emoji, a mention and a quote", async () => {
    const first = await eventOf(send({ text: "hello" }));
    const firstId = (first.message as { id: string }).id;
    const event = await eventOf(
      send({
        type: "text",
        text: "(love) @Bot thanks",
        emojis: [{ index: 0, length: 6, productId: "5ac1bfd5040ab15980c9b435", emojiId: "001" }],
        mention: { mentionees: [{ index: 7, length: 4, type: "user", isSelf: true }] },
        quotedMessageId: firstId,
      }),
    );
    expect(event).toMatchObject({
      type: "message",
      replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      message: {
        type: "text",
        text: "(love) @Bot thanks",
        quoteToken: expect.any(String),
        emojis: [{ index: 0, length: 6 }],
        mention: { mentionees: [{ type: "user", isSelf: true }] },
        quotedMessageId: firstId,
      },
    });
  });

  it("image, video and audio the bot downloads from LINE, and external ones", async () => {
    const image = await eventOf(
      send({ type: "image", imageSet: { id: "set1", index: 1, total: 2 } }),
    );
    expect(image.message).toMatchObject({
      type: "image",
      contentProvider: { type: "line" },
      imageSet: { id: "set1", index: 1, total: 2 },
      quoteToken: expect.any(String),
    });
    const external = await eventOf(
      send({
        type: "image",
        contentProvider: {
          type: "external",
          originalContentUrl: "https://example.com/a.jpg",
          previewImageUrl: "https://example.com/a-s.jpg",
        },
      }),
    );
    expect(external.message).toMatchObject({ contentProvider: { type: "external" } });
    const video = await eventOf(send({ type: "video", duration: 12_000 }));
    expect(video.message).toMatchObject({
      type: "video",
      duration: 12_000,
      quoteToken: expect.any(String),
    });
    const audio = await eventOf(send({ type: "audio", duration: 3_000 }));
    expect(audio.message).toMatchObject({ type: "audio", duration: 3_000 });
    expect(audio.message).not.toHaveProperty("quoteToken");
  });

  it("file, location and sticker", async () => {
    const file = await eventOf(
      send({
        type: "file",
        fileName: "見積書.pdf",
        content: { contentType: "application/pdf", base64: "JVBERi0=" },
      }),
    );
    expect(file.message).toMatchObject({ type: "file", fileName: "見積書.pdf", fileSize: 5 });
    const location = await eventOf(
      send({ type: "location", title: "渋谷駅", latitude: 35.658, longitude: 139.7016 }),
    );
    expect(location.message).toMatchObject({ type: "location", title: "渋谷駅", latitude: 35.658 });
    expect(location.message).not.toHaveProperty("address");
    const sticker = await eventOf(
      send({
        type: "sticker",
        packageId: "446",
        stickerId: "1988",
        stickerResourceType: "ANIMATION",
        keywords: ["happy"],
      }),
    );
    expect(sticker.message).toMatchObject({
      type: "sticker",
      packageId: "446",
      stickerId: "1988",
      stickerResourceType: "ANIMATION",
      keywords: ["happy"],
    });
  });

  it("postbacks: plain, from a datetime picker, from a rich menu switch", async () => {
    const plain = await eventOf(() =>
      running.control.post(`/users/${userId}/postback`, {
        data: "action=buy&item=1",
        displayText: "Buy",
      }),
    );
    expect(plain).toMatchObject({ type: "postback", postback: { data: "action=buy&item=1" } });
    expect(plain.postback).not.toHaveProperty("params");

    const picked = await eventOf(() =>
      running.control.post(`/users/${userId}/tap`, {
        action: { type: "datetimepicker", label: "When?", data: "booking", mode: "datetime" },
        params: { datetime: "2026-12-24T19:30" },
      }),
    );
    expect(picked).toMatchObject({
      type: "postback",
      postback: { data: "booking", params: { datetime: "2026-12-24T19:30" } },
    });

    const switched = await eventOf(() =>
      running.control.post(`/users/${userId}/rich-menu/tap`, {
        action: { type: "richmenuswitch", richMenuAliasId: "tab-b", data: "switch-to-b" },
      }),
    );
    expect(switched).toMatchObject({
      type: "postback",
      postback: {
        data: "switch-to-b",
        params: { newRichMenuAliasId: "tab-b", status: "RICHMENU_ALIAS_ID_NOTFOUND" },
      },
    });
  });

  it("unsend of the friend's own message, without a reply token", async () => {
    const sent = await running.control.post<{ messageId: string }>(`/users/${userId}/messages`, {
      text: "oops",
    });
    await eventually(
      () =>
        bot.requests.some(
          (r) => (r.body.events[0]?.message as { id?: string })?.id === sent.body.messageId,
        ),
      "the message",
    );
    const event = await eventOf(() =>
      running.control.post(`/users/${userId}/unsend`, { messageId: sent.body.messageId }),
    );
    expect(event).toMatchObject({ type: "unsend", unsend: { messageId: sent.body.messageId } });
    expect(event).not.toHaveProperty("replyToken");
  });

  it("videoPlayComplete for a video the bot sent with a trackingId", async () => {
    const client = sdkClient(running.baseURL, channel);
    const { sentMessages } = await client.pushMessage({
      to: userId,
      messages: [
        {
          type: "video",
          originalContentUrl: "https://example.com/v.mp4",
          previewImageUrl: "https://example.com/v.jpg",
          trackingId: "campaign-video-1",
        },
      ],
    });
    const event = await eventOf(() =>
      running.control.post(`/users/${userId}/play`, { messageId: sentMessages[0]!.id }),
    );
    expect(event).toMatchObject({
      type: "videoPlayComplete",
      replyToken: expect.any(String),
      videoPlayComplete: { trackingId: "campaign-video-1" },
    });
  });

  it("beacon", async () => {
    const event = await eventOf(() =>
      running.control.post(`/users/${userId}/beacon`, { hwid: "d41d8cd98f", type: "enter" }),
    );
    expect(event).toMatchObject({ type: "beacon", beacon: { hwid: "d41d8cd98f", type: "enter" } });
  });

  it("unfollow, then follow again as an unblock", async () => {
    const unfollow = await eventOf(() => running.control.post(`/users/${userId}/unfollow`));
    expect(unfollow).toMatchObject({ type: "unfollow" });
    const follow = await eventOf(() => running.control.post(`/users/${userId}/follow`));
    expect(follow).toMatchObject({ type: "follow", follow: { isUnblocked: true } });
  });

  it("a batch of follows in one POST", async () => {
    const before = bot.requests.length;
    const { body } = await running.control.post<{ webhookEvents: number }>(
      `/channels/${channel.channelId}/followers`,
      { count: 3 },
    );
    expect(body.webhookEvents).toBe(3);
    const request = await eventually(() => bot.requests[before], "the batch");
    expect(request.body.events).toHaveLength(3);
    expect(webhookBodyErrors(request.body)).toEqual([]);
  });

  it("accountLink, ok and failed (built for the account-link dialog)", () => {
    const ok = accountLinkEvent(Date.now(), "nonce-1", { userId, replyToken: "r".repeat(32) });
    const failed = accountLinkEvent(Date.now(), "nonce-2", undefined);
    expect(webhookBodyErrors({ destination: channel.botUserId, events: [ok, failed] })).toEqual([]);
    expect(failed).not.toHaveProperty("source");
    expect(failed).not.toHaveProperty("replyToken");
  });

  it("rejects what webhook.yml forbids", () => {
    const errors = webhookBodyErrors({
      destination: channel.botUserId,
      events: [
        {
          type: "message",
          mode: "active",
          timestamp: 1,
          webhookEventId: "x",
          deliveryContext: { isRedelivery: false },
          message: {
            id: "1",
            type: "sticker",
            packageId: "1",
            stickerId: "2",
            quoteToken: "q",
            stickerResourceType: "NOPE",
          },
        },
      ],
    });
    expect(errors.join("\n")).toContain("stickerResourceType");
  });
});
