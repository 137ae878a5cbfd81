import { randomUUID } from "node:crypto";
import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  addUser,
  arrangeChannel,
  eventually,
  type Running,
  receivedBy,
  sdkClient,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";

let running: Running;
let bot: WebhookReceiver;
afterEach(async () => {
  await running.close();
  await bot.close();
});

/** A friend writes to the bot; returns the reply token the bot got in the webhook. */
async function arrangeConversation(options: { now?: () => number } = {}) {
  running = await startEmulator(options);
  bot = await startWebhookReceiver();
  const { channel } = await arrangeChannel(running.control, { webhookUrl: bot.url });
  const userId = await addUser(running.control, channel.channelId, "Hanako");
  await running.control.post(`/users/${userId}/follow`);
  await running.control.post(`/users/${userId}/messages`, { text: "What time do you open?" });
  const event = await eventually(
    () => bot.requests.flatMap((r) => r.body.events).find((e) => e.type === "message"),
    "the message webhook",
  );
  return {
    channel,
    userId,
    client: sdkClient(running.baseURL, channel),
    replyToken: String(event.replyToken),
  };
}

async function failureOf(call: Promise<unknown>) {
  const error = await call.catch((e: unknown) => e);
  if (!(error instanceof HTTPFetchError))
    throw new Error(`expected an HTTPFetchError, got ${error}`);
  return { status: error.status, body: JSON.parse(error.body) };
}

describe("reply", () => {
  it("delivers a reply with the token from the webhook", async () => {
    const { channel, userId, client, replyToken } = await arrangeConversation();
    const response = await client.replyMessage({
      replyToken,
      messages: [{ type: "text", text: "We open at 10." }],
    });
    expect(response.sentMessages).toEqual([
      { id: expect.any(String), quoteToken: expect.any(String) },
    ]);
    const received = await receivedBy(running.control, channel.channelId, userId);
    expect(received.map((r) => [r.via, r.message.text])).toEqual([["reply", "We open at 10."]]);
  });

  it("accepts a reply token only once", async () => {
    const { channel, userId, client, replyToken } = await arrangeConversation();
    const request = { replyToken, messages: [{ type: "text" as const, text: "Hi" }] };
    await client.replyMessage(request);
    expect(await failureOf(client.replyMessage(request))).toEqual({
      status: 400,
      body: { message: "Invalid reply token" },
    });
    expect(await receivedBy(running.control, channel.channelId, userId)).toHaveLength(1);
  });

  it("refuses a reply token older than one minute", async () => {
    let now = Date.UTC(2026, 0, 1);
    const { client, replyToken } = await arrangeConversation({ now: () => now });
    now += 60_001;
    expect(
      await failureOf(
        client.replyMessage({ replyToken, messages: [{ type: "text", text: "Late" }] }),
      ),
    ).toEqual({ status: 400, body: { message: "Invalid reply token" } });
  });

  it("keeps the token usable when the reply itself was invalid", async () => {
    const { client, replyToken } = await arrangeConversation();
    await failureOf(client.replyMessage({ replyToken, messages: [] }));
    await expect(
      client.replyMessage({ replyToken, messages: [{ type: "text", text: "Now valid" }] }),
    ).resolves.toBeDefined();
  });

  it("refuses another channel's reply token", async () => {
    const { replyToken } = await arrangeConversation();
    const { channel: other } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, other);
    expect(
      await failureOf(client.replyMessage({ replyToken, messages: [{ type: "text", text: "x" }] })),
    ).toEqual({ status: 400, body: { message: "Invalid reply token" } });
  });

  it("refuses a retry key, which reply does not support", async () => {
    const { channel, replyToken } = await arrangeConversation();
    const response = await fetch(`${running.baseURL}/v2/bot/message/reply`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${channel.channelAccessToken}`,
        "content-type": "application/json",
        "x-line-retry-key": randomUUID(),
      },
      body: JSON.stringify({ replyToken, messages: [{ type: "text", text: "x" }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringContaining("X-Line-Retry-Key") });
  });
});
