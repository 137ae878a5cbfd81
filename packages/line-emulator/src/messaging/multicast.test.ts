import { randomUUID } from "node:crypto";
import { HTTPFetchError, insight } from "@line/bot-sdk";
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

describe("multicast", () => {
  it("answers {} and delivers only to users who follow", async () => {
    const { channel, friends, strangers } = await arrangeChannel(running.control, {
      friends: 3,
      strangers: 1,
    });
    await running.control.post(`/users/${friends[2]}/unfollow`);
    const client = sdkClient(running.baseURL, channel);
    const { httpResponse, body } = await client.multicastWithHttpInfo({
      to: [...friends, ...strangers, `U${"9".repeat(32)}`],
      messages: [{ type: "text", text: "Sale today" }],
    });
    expect(httpResponse.status).toBe(200);
    expect(body).toEqual({});
    const requestId = httpResponse.headers.get("x-line-request-id");

    for (const userId of friends.slice(0, 2)) {
      const received = await receivedBy(running.control, channel.channelId, userId);
      expect(received.map((r) => [r.via, r.requestId, r.message.text])).toEqual([
        ["multicast", requestId, "Sale today"],
      ]);
    }
    for (const userId of [friends[2]!, strangers[0]!]) {
      expect(await receivedBy(running.control, channel.channelId, userId)).toEqual([]);
    }
  });

  it("answers a repeated retry key with 409 and the accepted request ID, delivering once", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 2 });
    const client = sdkClient(running.baseURL, channel);
    const request = { to: friends, messages: [{ type: "text" as const, text: "Once" }] };
    const retryKey = randomUUID();
    const first = await client.multicastWithHttpInfo(request, retryKey);
    const error = await client.multicast(request, retryKey).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HTTPFetchError);
    const failure = error as HTTPFetchError;
    expect(failure.status).toBe(409);
    expect(JSON.parse(failure.body)).toEqual({ message: "The retry key is already accepted" });
    expect(failure.headers.get("x-line-accepted-request-id")).toBe(
      first.httpResponse.headers.get("x-line-request-id"),
    );
    for (const userId of friends) {
      expect(await receivedBy(running.control, channel.channelId, userId)).toHaveLength(1);
    }
  });

  it("refuses more than 500 recipients with LINE's details", async () => {
    const { channel } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, channel);
    const to = Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    const error = await client
      .multicast({ to, messages: [{ type: "text", text: "x" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPFetchError);
    expect((error as HTTPFetchError).status).toBe(400);
    expect(JSON.parse((error as HTTPFetchError).body)).toEqual({
      message: "The request body has 1 error(s)",
      details: [{ message: "Size must be between 1 and 500", property: "to" }],
    });
  });

  it("counts a multicast under its aggregation unit, for the per-unit statistics", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 21 });
    const client = sdkClient(running.baseURL, channel);
    await client.multicast({
      to: friends,
      messages: [{ type: "text", text: "Sale" }],
      customAggregationUnits: ["spring_sale"],
    });
    await client.multicast({ to: friends, messages: [{ type: "text", text: "No unit" }] });
    for (const userId of friends.slice(0, 20)) {
      await running.control.post(`/users/${userId}/read`);
    }
    const stats = new insight.InsightClient({
      baseURL: running.baseURL,
      channelAccessToken: channel.channelAccessToken,
    });
    const today = new Date(Date.now() + 9 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll("-", "");
    const unit = await stats.getStatisticsPerUnit("spring_sale", today, today);
    // The 20 who read it, not the 21 it went to; the message sent without the unit not at all.
    expect(unit.overview.uniqueImpression).toBe(20);
    expect(unit.messages).toEqual([expect.objectContaining({ seq: 1, uniqueImpression: 20 })]);
    const other = await stats.getStatisticsPerUnit("autumn_sale", today, today);
    expect(other.overview.uniqueImpression).toBeNull();
  });
});
