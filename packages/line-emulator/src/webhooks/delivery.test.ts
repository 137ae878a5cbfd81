import { validateSignature } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import {
  addUser,
  arrangeChannel,
  eventually,
  type Running,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";
import type { WebhookDelivery } from "./dispatcher.ts";

let running: Running;
let bot: WebhookReceiver;
beforeEach(async () => {
  bot = await startWebhookReceiver();
});
afterEach(async () => {
  await running.close();
  await bot.close();
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

async function deliveries(channel: Channel): Promise<WebhookDelivery[]> {
  const { body } = await running.control.get<WebhookDelivery[]>(
    `/channels/${channel.channelId}/webhook-deliveries`,
  );
  return body;
}

describe("webhooks", () => {
  it("sends follow, message and unfollow events, signed with the channel secret", async () => {
    running = await startEmulator();
    const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
    const userId = await addUser(running.control, channel.channelId, "Hanako");

    const followed = await running.control.post<{ webhookEventId: string }>(
      `/users/${userId}/follow`,
    );
    await running.control.post(`/users/${userId}/messages`, { text: "こんにちは 🍎" });
    await running.control.post(`/users/${userId}/unfollow`);
    expect(followed.status).toBe(202);

    await eventually(() => bot.requests.length === 3, "three webhook requests");
    for (const request of bot.requests) {
      const signature = String(request.headers["x-line-signature"]);
      expect(validateSignature(request.rawBody, channel.channelSecret, signature)).toBe(true);
      expect(request.body.destination).toBe(channel.botUserId);
      expect(request.body.events).toHaveLength(1);
    }
    const [follow, message, unfollow] = bot.requests.map((r) => r.body.events[0]!);
    const common = {
      mode: "active",
      timestamp: expect.any(Number),
      source: { type: "user", userId },
      webhookEventId: expect.stringMatching(ULID),
      deliveryContext: { isRedelivery: false },
    };
    expect(follow).toEqual({
      type: "follow",
      ...common,
      replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      follow: { isUnblocked: false },
    });
    expect(follow!.webhookEventId).toBe(followed.body.webhookEventId);
    expect(message).toEqual({
      type: "message",
      ...common,
      replyToken: expect.any(String),
      message: {
        id: expect.stringMatching(/^\d+$/),
        type: "text",
        quoteToken: expect.any(String),
        markAsReadToken: expect.any(String),
        text: "こんにちは 🍎",
      },
    });
    expect(unfollow).toEqual({ type: "unfollow", ...common });
    expect(unfollow).not.toHaveProperty("replyToken");
  });

  it("marks a follow after a block as an unblock", async () => {
    running = await startEmulator();
    const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
    const userId = await addUser(running.control, channel.channelId, "Ken");
    await running.control.post(`/users/${userId}/follow`);
    await running.control.post(`/users/${userId}/unfollow`);
    await running.control.post(`/users/${userId}/follow`);
    await eventually(() => bot.requests.length === 3, "three webhook requests");
    const follows = bot.requests.map((r) => r.body.events[0]!).filter((e) => e.type === "follow");
    expect(follows.map((e) => e.follow)).toEqual([{ isUnblocked: false }, { isUnblocked: true }]);
  });

  it("answers the control call before the bot has answered the webhook", async () => {
    running = await startEmulator();
    const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
    const userId = await addUser(running.control, channel.channelId, "Aoi");
    bot.hold();
    const response = await running.control.post(`/users/${userId}/follow`);
    expect(response.status).toBe(202);
    await eventually(() => bot.requests.length === 1, "the follow webhook to arrive");
    expect(bot.requests[0]!.answeredAt).toBeUndefined();
    bot.release();
    const [delivery] = await eventually(async () => {
      const log = await deliveries(channel);
      return log.length === 1 && log;
    }, "the delivery to be logged");
    expect(delivery).toMatchObject({ eventTypes: ["follow"], status: 200, url: bot.url });
  });

  it("delivers one channel's events one at a time, in order", async () => {
    running = await startEmulator();
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    await running.control.patch(`/channels/${channel.channelId}`, { webhookUrl: bot.url });
    bot.hold();
    for (const text of ["one", "two", "three"]) {
      await running.control.post(`/users/${friends[0]}/messages`, { text });
    }
    await eventually(() => bot.requests.length === 1, "the first webhook");
    bot.release();
    await eventually(() => bot.requests.length === 3, "all three webhooks");
    expect(bot.requests.map((r) => (r.body.events[0]!.message as { text: string }).text)).toEqual([
      "one",
      "two",
      "three",
    ]);
    // Each request left the emulator only after the bot had answered the one before.
    for (let i = 1; i < bot.requests.length; i++) {
      expect(bot.requests[i]!.arrivedAt).toBeGreaterThanOrEqual(bot.requests[i - 1]!.answeredAt!);
    }
  });

  it("logs a bot that does not answer in time as a timeout", async () => {
    running = await startEmulator({ webhookTimeoutMs: 100 });
    const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
    const userId = await addUser(running.control, channel.channelId, "Sho");
    bot.stall();
    await running.control.post(`/users/${userId}/follow`);
    const [delivery] = await eventually(async () => {
      const log = await deliveries(channel);
      return log.length === 1 && log;
    }, "the timed-out delivery to be logged");
    expect(delivery).toMatchObject({ eventTypes: ["follow"], status: "timeout" });
    expect(delivery!.durationMs).toBeGreaterThanOrEqual(90);
  });

  it("logs events as not delivered when the channel has no webhook URL", async () => {
    running = await startEmulator();
    const { channel } = await arrangeChannel(running.control);
    const userId = await addUser(running.control, channel.channelId, "Yui");
    await running.control.post(`/users/${userId}/follow`);
    const [delivery] = await eventually(async () => {
      const log = await deliveries(channel);
      return log.length === 1 && log;
    }, "the delivery to be logged");
    expect(delivery).toMatchObject({ eventTypes: ["follow"], status: "not_delivered", url: null });
  });

  it("logs an unreachable bot as an error", async () => {
    running = await startEmulator();
    const unreachable = bot.url;
    await bot.close();
    const { channel } = await arrangeChannel(running.control, { webhookUrl: unreachable });
    const userId = await addUser(running.control, channel.channelId, "Ren");
    await running.control.post(`/users/${userId}/follow`);
    const [delivery] = await eventually(async () => {
      const log = await deliveries(channel);
      return log.length === 1 && log;
    }, "the failed delivery to be logged");
    expect(delivery).toMatchObject({ status: "error", detail: expect.any(String) });
  });
});
