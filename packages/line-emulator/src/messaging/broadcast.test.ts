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

async function lineFailure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body), headers: error.headers };
  }
  throw new Error("expected the call to fail");
}

describe("broadcast", () => {
  it("answers {} and delivers to every friend, and only to friends", async () => {
    const { channel, friends, strangers } = await arrangeChannel(running.control, {
      friends: 3,
      strangers: 1,
    });
    await running.control.post(`/users/${friends[2]}/unfollow`);
    const other = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const { httpResponse, body } = await client.broadcastWithHttpInfo({
      messages: [
        { type: "text", text: "Open today" },
        { type: "sticker", packageId: "446", stickerId: "1988" },
      ],
    });
    expect(httpResponse.status).toBe(200);
    expect(body).toEqual({});
    const requestId = httpResponse.headers.get("x-line-request-id");
    for (const userId of friends.slice(0, 2)) {
      const received = await receivedBy(running.control, channel.channelId, userId);
      expect(received.map((r) => [r.via, r.requestId, r.message.type])).toEqual([
        ["broadcast", requestId, "text"],
        ["broadcast", requestId, "sticker"],
      ]);
    }
    for (const userId of [friends[2]!, strangers[0]!]) {
      expect(await receivedBy(running.control, channel.channelId, userId)).toEqual([]);
    }
    expect(await receivedBy(running.control, other.channel.channelId, other.friends[0]!)).toEqual(
      [],
    );
  });

  it("validates messages like every sending endpoint", async () => {
    const { channel } = await arrangeChannel(running.control);
    const failure = await lineFailure(() =>
      sdkClient(running.baseURL, channel).broadcast({ messages: [{ type: "text", text: "" }] }),
    );
    expect(failure.status).toBe(400);
    expect(failure.body).toEqual({
      message: "The request body has 1 error(s)",
      details: [{ message: "May not be empty", property: "messages[0].text" }],
    });
  });

  it("answers a repeated retry key with 409 and does not deliver again", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const key = randomUUID();
    const first = await client.broadcastWithHttpInfo(
      { messages: [{ type: "text", text: "Once" }] },
      key,
    );
    const failure = await lineFailure(() =>
      client.broadcast({ messages: [{ type: "text", text: "Once" }] }, key),
    );
    expect(failure.status).toBe(409);
    expect(failure.body).toEqual({ message: "The retry key is already accepted" });
    expect(failure.headers.get("x-line-accepted-request-id")).toBe(
      first.httpResponse.headers.get("x-line-request-id"),
    );
    expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(1);
  });
});
