import { randomUUID } from "node:crypto";
import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  arrangeChannel,
  type Running,
  receivedBy,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

/** Runs `call`, expecting the SDK to throw LINE's error; returns status, body and headers. */
async function lineFailure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body), headers: error.headers };
  }
  throw new Error("expected the call to fail");
}

describe("push", () => {
  it("delivers to a friend and answers with sentMessages", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const { httpResponse, body } = await client.pushMessageWithHttpInfo({
      to: friends[0]!,
      messages: [
        { type: "text", text: "Hello" },
        { type: "sticker", packageId: "446", stickerId: "1988" },
      ],
    });
    expect(httpResponse.status).toBe(200);
    expect(body.sentMessages).toHaveLength(2);
    expect(body.sentMessages[0]).toEqual({
      id: expect.stringMatching(/^\d{18}$/),
      quoteToken: expect.any(String),
    });
    const requestId = httpResponse.headers.get("x-line-request-id");
    expect(requestId).toBeTruthy();

    const received = await receivedBy(running.control, channel.channelId, friends[0]!);
    expect(received.map((r) => [r.via, r.requestId, r.message.type])).toEqual([
      ["push", requestId, "text"],
      ["push", requestId, "sticker"],
    ]);
    expect(received[0]!.message).toEqual({ type: "text", text: "Hello" });
  });

  it("gives every response a fresh X-Line-Request-Id", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const message = { to: friends[0]!, messages: [{ type: "text" as const, text: "x" }] };
    const first = await client.pushMessageWithHttpInfo(message);
    const second = await client.pushMessageWithHttpInfo(message);
    expect(first.httpResponse.headers.get("x-line-request-id")).not.toBe(
      second.httpResponse.headers.get("x-line-request-id"),
    );
  });

  it("answers 200 but does not deliver to a user who blocked the channel", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    await running.control.post(`/users/${friends[0]}/unfollow`);
    const client = sdkClient(running.baseURL, channel);
    const response = await client.pushMessage({
      to: friends[0]!,
      messages: [{ type: "text", text: "Are you there?" }],
    });
    expect(response.sentMessages).toHaveLength(1);
    expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toEqual([]);
  });

  it("answers 200 but does not deliver to a user who never followed", async () => {
    const { channel, strangers } = await arrangeChannel(running.control, { strangers: 1 });
    const client = sdkClient(running.baseURL, channel);
    await client.pushMessage({ to: strangers[0]!, messages: [{ type: "text", text: "Hi" }] });
    expect(await receivedBy(running.control, channel.channelId, strangers[0]!)).toEqual([]);
  });

  it("refuses a user ID the channel does not know", async () => {
    const { channel } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, channel);
    const failure = await lineFailure(() =>
      client.pushMessage({ to: `U${"0".repeat(32)}`, messages: [{ type: "text", text: "Hi" }] }),
    );
    expect(failure.status).toBe(400);
    expect(failure.body).toEqual({ message: "Failed to send messages" });
  });

  it("reports validation errors with property paths and sends nothing", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const failure = await lineFailure(() =>
      client.pushMessage({
        to: friends[0]!,
        messages: [
          { type: "text", text: "fine" },
          { type: "text", text: "x".repeat(5001) },
        ],
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.body).toEqual({
      message: "The request body has 1 error(s)",
      details: [{ message: "Length must be between 0 and 5000", property: "messages[1].text" }],
    });
    expect(failure.headers.get("x-line-request-id")).toBeTruthy();
    expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toEqual([]);
  });

  describe("with X-Line-Retry-Key", () => {
    it("delivers once and answers a repeat with 409, the first request ID and its sentMessages", async () => {
      const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
      const client = sdkClient(running.baseURL, channel);
      const request = { to: friends[0]!, messages: [{ type: "text" as const, text: "Once" }] };
      const retryKey = randomUUID();

      const first = await client.pushMessageWithHttpInfo(request, retryKey);
      const failure = await lineFailure(() => client.pushMessageWithHttpInfo(request, retryKey));

      expect(failure.status).toBe(409);
      expect(failure.body).toEqual({
        message: "The retry key is already accepted",
        sentMessages: first.body.sentMessages,
      });
      expect(failure.headers.get("x-line-accepted-request-id")).toBe(
        first.httpResponse.headers.get("x-line-request-id"),
      );
      expect(failure.headers.get("x-line-request-id")).not.toBe(
        first.httpResponse.headers.get("x-line-request-id"),
      );
      expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(1);
    });

    it("accepts the key again after 24 hours", async () => {
      let now = Date.UTC(2026, 0, 1);
      await running.close();
      running = await startEmulator({ now: () => now });
      const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
      const client = sdkClient(running.baseURL, channel);
      const request = { to: friends[0]!, messages: [{ type: "text" as const, text: "Daily" }] };
      const retryKey = randomUUID();
      await client.pushMessage(request, retryKey);
      now += 24 * 60 * 60 * 1000;
      await client.pushMessage(request, retryKey);
      expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(2);
    });

    it("lets a key be used again when the first attempt was rejected", async () => {
      const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
      const client = sdkClient(running.baseURL, channel);
      const retryKey = randomUUID();
      await lineFailure(() =>
        client.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "" }] }, retryKey),
      );
      await client.pushMessage(
        { to: friends[0]!, messages: [{ type: "text", text: "fixed" }] },
        retryKey,
      );
      expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(1);
    });

    it("refuses a key that is not a UUID", async () => {
      const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
      const client = sdkClient(running.baseURL, channel);
      const failure = await lineFailure(() =>
        client.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "x" }] }, "key-1"),
      );
      expect(failure.status).toBe(400);
      expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toEqual([]);
    });
  });
});
