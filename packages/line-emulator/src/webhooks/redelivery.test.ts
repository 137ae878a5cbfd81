import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { validateSignature } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import {
  addUser,
  arrangeChannel,
  eventually,
  type Running,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";
import type { WebhookDelivery } from "./dispatcher.ts";
import { webhookBodyErrors } from "./schema.ts";

type Received = { headers: IncomingHttpHeaders; raw: Buffer; events: Record<string, unknown>[] };

/** A bot that answers the n-th webhook with `answers[n]`: a status, or "hang" (never answers). */
async function flakyBot(answers: (number | "hang")[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: request.headers, raw, events: JSON.parse(raw.toString()).events });
      const answer = answers[received.length - 1] ?? 200;
      if (answer === "hang") return;
      response.writeHead(answer, { "content-type": "application/json" }).end('{"ok":false}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let running: Running;
let bot: Awaited<ReturnType<typeof flakyBot>>;
afterEach(async () => {
  await running.close();
  await bot.close();
});

async function deliveries(channel: Channel, count: number): Promise<WebhookDelivery[]> {
  return eventually(async () => {
    const { body } = await running.control.get<WebhookDelivery[]>(
      `/channels/${channel.channelId}/webhook-deliveries`,
    );
    return body.length >= count && body;
  }, `${count} logged deliveries`);
}

async function channelWithRedelivery(webhookUrl: string) {
  const { channel } = await arrangeChannel(running.control, { webhookUrl });
  await running.control.patch(`/channels/${channel.channelId}`, { webhookRedelivery: true });
  const userId = await addUser(running.control, channel.channelId, "Haru");
  return { channel, userId };
}

describe("webhook redelivery", () => {
  it("redelivers after a 500 with the same event ID and reply token, marked as a redelivery", async () => {
    bot = await flakyBot([500, 503, 200]);
    running = await startEmulator({ webhookRedeliveryDelaysMs: [20, 40, 80] });
    const { channel, userId } = await channelWithRedelivery(bot.url);
    const { body: sent } = await running.control.post<{
      webhookEventId: string;
      replyToken: string;
    }>(`/users/${userId}/follow`);

    const log = await deliveries(channel, 3);
    expect(log.map((d) => [d.attempt, d.isRedelivery, d.status])).toEqual([
      [1, false, 500],
      [2, true, 503],
      [3, true, 200],
    ]);
    expect(log[0]).toMatchObject({
      responseBody: '{"ok":false}',
      redeliveryAt: expect.any(String),
    });
    expect(log[2]).not.toHaveProperty("redeliveryAt");

    expect(bot.received).toHaveLength(3);
    for (const [i, request] of bot.received.entries()) {
      const signature = String(request.headers["x-line-signature"]);
      expect(validateSignature(request.raw, channel.channelSecret, signature)).toBe(true);
      expect(webhookBodyErrors(JSON.parse(request.raw.toString()))).toEqual([]);
      expect(request.events[0]).toMatchObject({
        type: "follow",
        webhookEventId: sent.webhookEventId,
        replyToken: sent.replyToken,
        deliveryContext: { isRedelivery: i > 0 },
      });
    }
    // The event's time stays the time it happened, not of the redelivery.
    expect(bot.received[2]!.events[0]!.timestamp).toBe(bot.received[0]!.events[0]!.timestamp);
  });

  it("redelivers after a timeout", async () => {
    bot = await flakyBot(["hang", 200]);
    running = await startEmulator({ webhookTimeoutMs: 100, webhookRedeliveryDelaysMs: [20] });
    const { channel, userId } = await channelWithRedelivery(bot.url);
    await running.control.post(`/users/${userId}/follow`);
    const log = await deliveries(channel, 2);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [1, "timeout"],
      [2, 200],
    ]);
    expect(bot.received[1]!.events[0]!.webhookEventId).toBe(
      bot.received[0]!.events[0]!.webhookEventId,
    );
  });

  it("gives up after the last delay", async () => {
    bot = await flakyBot([500, 500, 500, 500]);
    running = await startEmulator({ webhookRedeliveryDelaysMs: [10, 10] });
    const { channel, userId } = await channelWithRedelivery(bot.url);
    await running.control.post(`/users/${userId}/follow`);
    const log = await deliveries(channel, 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bot.received).toHaveLength(3);
    expect(log.map((d) => d.attempt)).toEqual([1, 2, 3]);
  });

  it("does not redeliver unless the channel turned it on, as on LINE", async () => {
    bot = await flakyBot([500, 200]);
    running = await startEmulator({ webhookRedeliveryDelaysMs: [10] });
    const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
    expect(channel.webhookRedelivery).toBeUndefined();
    const userId = await addUser(running.control, channel.channelId, "Sora");
    await running.control.post(`/users/${userId}/follow`);
    await deliveries(channel, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bot.received).toHaveLength(1);
  });

  it("lets the bot reply with the token of a redelivered event", async () => {
    bot = await flakyBot([500, 200]);
    let now = Date.now();
    running = await startEmulator({ webhookRedeliveryDelaysMs: [30], now: () => now });
    const { channel, userId } = await channelWithRedelivery(bot.url);
    const { body } = await running.control.post<{ replyToken: string }>(`/users/${userId}/follow`);
    await deliveries(channel, 1);
    // Five minutes pass before the redelivery: the first minute is long gone…
    now += 5 * 60_000;
    await deliveries(channel, 2);
    // …but the redelivered token is good for a minute from now.
    now += 30_000;
    const client = sdkClient(running.baseURL, channel);
    const reply = await client.replyMessage({
      replyToken: body.replyToken,
      messages: [{ type: "text", text: "Welcome back" }],
    });
    expect(reply.sentMessages).toHaveLength(1);
  });
});
