import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../emulator.ts";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  receivedBy,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";

let running: Running;
afterEach(() => running.close());

const text = (value: string) => ({ type: "text" as const, text: value });
const QUOTA_EXCEEDED = { message: "You have reached your monthly limit." };

async function lineFailure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body) };
  }
  throw new Error("expected the call to fail");
}

async function setQuota(channel: Channel, body: object) {
  const response = await running.control.patch(`/channels/${channel.channelId}/quota`, body);
  expect(response.status).toBe(200);
  return response.body;
}

async function arrange(friends: number, options: EmulatorOptions = {}) {
  running = await startEmulator(options);
  const arranged = await arrangeChannel(running.control, { friends, strangers: 1 });
  return { ...arranged, client: sdkClient(running.baseURL, arranged.channel) };
}

describe("quota", () => {
  it("reports each plan's monthly target", async () => {
    const { channel, client } = await arrange(0);
    // The default: Standard without a cap on additional messages, so no target.
    expect(await client.getMessageQuota()).toEqual({ type: "none" });
    await setQuota(channel, { plan: "communication" });
    expect(await client.getMessageQuota()).toEqual({ type: "limited", value: 200 });
    await setQuota(channel, { plan: "light" });
    expect(await client.getMessageQuota()).toEqual({ type: "limited", value: 5000 });
    await setQuota(channel, { plan: "standard", additionalLimit: 10_000 });
    expect(await client.getMessageQuota()).toEqual({ type: "limited", value: 40_000 });
  });

  it("takes the default plan from createEmulator", async () => {
    const { client } = await arrange(0, { quota: { plan: "light" } });
    expect(await client.getMessageQuota()).toEqual({ type: "limited", value: 5000 });
  });

  it("counts each recipient once, whatever the number of message objects", async () => {
    const { friends, strangers, client } = await arrange(3);
    await client.multicast({
      to: [...friends, ...strangers],
      messages: [text("a"), text("b"), text("c")],
    });
    await client.pushMessage({ to: friends[0]!, messages: [text("a"), text("b")] });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 4 });
  });

  it("counts broadcast recipients and never replies", async () => {
    const { friends, channel, client } = await arrange(2);
    await client.broadcast({ messages: [text("hello")] });
    const { body } = await running.control.post<{ replyToken: string }>(
      `/users/${friends[0]}/messages`,
      {
        text: "hi",
      },
    );
    await client.replyMessage({ replyToken: body.replyToken, messages: [text("thanks")] });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 2 });
    expect(
      (await receivedBy(running.control, channel.channelId, friends[0]!)).map((r) => r.via),
    ).toEqual(["broadcast", "reply"]);
  });

  it("does not count users who blocked the channel or never followed it", async () => {
    const { friends, strangers, client } = await arrange(2);
    await running.control.post(`/users/${friends[1]}/unfollow`);
    await client.pushMessage({ to: friends[1]!, messages: [text("x")] });
    await client.pushMessage({ to: strangers[0]!, messages: [text("x")] });
    await client.multicast({ to: [friends[1]!, strangers[0]!], messages: [text("x")] });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 0 });
  });

  it("answers 429 beyond the limit and sends nothing, to nobody of a multicast", async () => {
    const { channel, friends, client } = await arrange(3);
    await setQuota(channel, { plan: "communication", used: 198 });
    const failure = await lineFailure(() =>
      client.multicast({ to: friends, messages: [text("x")] }),
    );
    expect(failure).toEqual({ status: 429, body: QUOTA_EXCEEDED });
    for (const userId of friends) {
      expect(await receivedBy(running.control, channel.channelId, userId)).toEqual([]);
    }
    // Two still fit.
    await client.multicast({ to: friends.slice(0, 2), messages: [text("x")] });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 200 });
    expect(
      await lineFailure(() => client.pushMessage({ to: friends[2]!, messages: [text("x")] })),
    ).toEqual({
      status: 429,
      body: QUOTA_EXCEEDED,
    });
    expect(await lineFailure(() => client.broadcast({ messages: [text("x")] }))).toEqual({
      status: 429,
      body: QUOTA_EXCEEDED,
    });
  });

  it("still replies when the quota is used up", async () => {
    const { channel, friends, client } = await arrange(1);
    await setQuota(channel, { limit: 0 });
    const { body } = await running.control.post<{ replyToken: string }>(
      `/users/${friends[0]}/messages`,
      {
        text: "hi",
      },
    );
    await client.replyMessage({ replyToken: body.replyToken, messages: [text("free")] });
  });

  it("starts again at zero in a new month (Japan time)", async () => {
    // 23:30 on 31 October in Japan.
    let clock = Date.parse("2026-10-31T14:30:00Z");
    const { channel, friends, client } = await arrange(1, { now: () => clock });
    await setQuota(channel, { limit: 1 });
    await client.pushMessage({ to: friends[0]!, messages: [text("x")] });
    expect(
      (await lineFailure(() => client.pushMessage({ to: friends[0]!, messages: [text("x")] })))
        .status,
    ).toBe(429);
    clock += 60 * 60 * 1000; // 00:30 on 1 November in Japan
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 0 });
    await client.pushMessage({ to: friends[0]!, messages: [text("x")] });
  });

  it("holds a narrowcast's recipients against the quota while it runs", async () => {
    running = await startEmulator({ narrowcast: { phaseMs: 300 } });
    const { channel } = await arrangeChannel(running.control);
    const { body } = await running.control.post<{ userIds: string[] }>(
      `/channels/${channel.channelId}/followers`,
      {
        count: 60,
        silent: true,
      },
    );
    const client = sdkClient(running.baseURL, channel);
    await setQuota(channel, { limit: 61 });
    const { httpResponse } = await client.narrowcastWithHttpInfo({ messages: [text("sale")] });
    const requestId = httpResponse.headers.get("x-line-request-id")!;
    // 60 are reserved: one push fits, the next does not, though consumption still reads 1.
    await client.pushMessage({ to: body.userIds[0]!, messages: [text("x")] });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 1 });
    expect(
      (await lineFailure(() => client.pushMessage({ to: body.userIds[1]!, messages: [text("x")] })))
        .status,
    ).toBe(429);
    const quota = await running.control.get<{ reserved: number; remaining: number }>(
      `/channels/${channel.channelId}/quota`,
    );
    expect(quota.body).toMatchObject({ reserved: 60, remaining: 0 });
    await eventually(
      async () => (await client.getNarrowcastProgress(requestId)).phase === "succeeded",
      "the narrowcast",
    );
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 61 });
  });

  it("refuses a narrowcast that does not fit, or sends what fits with upToRemainingQuota", async () => {
    running = await startEmulator({ narrowcast: { phaseMs: 10 } });
    const { channel } = await arrangeChannel(running.control);
    await running.control.post(`/channels/${channel.channelId}/followers`, {
      count: 80,
      silent: true,
    });
    const client = sdkClient(running.baseURL, channel);
    await setQuota(channel, { limit: 60 });
    expect(await lineFailure(() => client.narrowcast({ messages: [text("x")] }))).toEqual({
      status: 429,
      body: QUOTA_EXCEEDED,
    });

    const forbid = await client.narrowcastWithHttpInfo({
      messages: [text("x")],
      limit: { upToRemainingQuota: true, forbidPartialDelivery: true },
    });
    const forbidden = forbid.httpResponse.headers.get("x-line-request-id")!;
    const failed = await eventually(async () => {
      const progress = await client.getNarrowcastProgress(forbidden);
      return progress.phase === "failed" ? progress : undefined;
    }, "the forbidden partial delivery to fail");
    expect(failed.errorCode).toBe(5);
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 0 });

    const upTo = await client.narrowcastWithHttpInfo({
      messages: [text("x")],
      limit: { upToRemainingQuota: true },
    });
    const requestId = upTo.httpResponse.headers.get("x-line-request-id")!;
    const done = await eventually(async () => {
      const progress = await client.getNarrowcastProgress(requestId);
      return progress.phase === "succeeded" ? progress : undefined;
    }, "the narrowcast");
    expect(done).toMatchObject({ successCount: 60, targetCount: 60 });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 60 });
  });

  it("removes a custom limit, or the additional cap, when the control API is given null", async () => {
    const { channel, client } = await arrange(1);
    await setQuota(channel, { plan: "standard", additionalLimit: 100, limit: 3 });
    expect(await client.getMessageQuota()).toEqual({ type: "limited", value: 3 });
    const view = await setQuota(channel, { limit: null, additionalLimit: null });
    expect(view).not.toHaveProperty("limit");
    expect(await client.getMessageQuota()).toEqual({ type: "none" });
  });

  it("shows plan, usage and remaining messages through the control API", async () => {
    const { channel, friends, client } = await arrange(2);
    await setQuota(channel, { plan: "communication" });
    await client.multicast({ to: friends, messages: [text("x")] });
    const { body } = await running.control.get(`/channels/${channel.channelId}/quota`);
    expect(body).toEqual({
      plan: "communication",
      additionalLimit: null,
      quota: { type: "limited", value: 200 },
      month: expect.stringMatching(/^\d{6}$/),
      used: 2,
      reserved: 0,
      remaining: 198,
    });
    expect(
      (await running.control.patch(`/channels/${channel.channelId}/quota`, { plan: "gold" }))
        .status,
    ).toBe(400);
    expect((await running.control.get("/channels/0000000000/quota")).status).toBe(404);
  });

  it("keeps plans and usage in the data file", async () => {
    const { mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dataFile = `${await mkdtemp(`${tmpdir()}/quota-`)}/emulator.json`;
    const { channel, friends, client } = await arrange(1, { dataFile });
    await setQuota(channel, { plan: "light" });
    await client.pushMessage({ to: friends[0]!, messages: [text("x")] });
    await running.close();
    running = await startEmulator({ dataFile });
    const again = sdkClient(running.baseURL, channel);
    expect(await again.getMessageQuota()).toEqual({ type: "limited", value: 5000 });
    expect(await again.getMessageQuotaConsumption()).toEqual({ totalUsage: 1 });
  });
});
