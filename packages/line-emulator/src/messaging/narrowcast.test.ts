import { randomUUID } from "node:crypto";
import { HTTPFetchError, manageAudience, type messagingApi } from "@line/bot-sdk";
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

async function start(options: EmulatorOptions = {}) {
  running = await startEmulator({
    audienceReadyDelayMs: 0,
    ...options,
    narrowcast: { phaseMs: 20, ...options.narrowcast },
  });
}

/** A channel with `count` friends added in one go (no follow webhooks). */
async function channelWithFriends(count: number) {
  const { channel } = await arrangeChannel(running.control);
  const friends = await addFriends(channel, count);
  return { channel, friends, client: sdkClient(running.baseURL, channel) };
}

async function addFriends(channel: Channel, count: number): Promise<string[]> {
  const { body } = await running.control.post<{ userIds: string[] }>(
    `/channels/${channel.channelId}/followers`,
    { count, silent: true },
  );
  return body.userIds;
}

async function audienceOf(channel: Channel, userIds: string[]): Promise<number> {
  const audiences = new manageAudience.ManageAudienceClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });
  const created = await audiences.createAudienceGroup({
    description: "Test audience",
    audiences: userIds.map((id) => ({ id })),
  });
  return created.audienceGroupId!;
}

const MESSAGE = { type: "text" as const, text: "Autumn sale" };

async function narrowcast(
  client: messagingApi.MessagingApiClient,
  request: Omit<messagingApi.NarrowcastRequest, "messages"> = {},
  retryKey?: string,
): Promise<string> {
  const { httpResponse, body } = await client.narrowcastWithHttpInfo(
    { messages: [MESSAGE], ...request },
    retryKey,
  );
  expect(httpResponse.status).toBe(202);
  expect(body).toEqual({});
  return httpResponse.headers.get("x-line-request-id")!;
}

function finished(client: messagingApi.MessagingApiClient, requestId: string) {
  return eventually(async () => {
    const progress = await client.getNarrowcastProgress(requestId);
    return progress.phase === "succeeded" || progress.phase === "failed" ? progress : undefined;
  }, `narrowcast ${requestId} to finish`);
}

async function lineFailure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body), headers: error.headers };
  }
  throw new Error("expected the call to fail");
}

async function narrowcastReceivers(channel: Channel, userIds: string[]): Promise<string[]> {
  const reached: string[] = [];
  for (const userId of userIds) {
    const received = await receivedBy(running.control, channel.channelId, userId);
    if (received.some((r) => r.via === "narrowcast")) reached.push(userId);
  }
  return reached;
}

describe("narrowcast", () => {
  it("answers 202 and goes from waiting through sending to succeeded, reaching every friend", async () => {
    await start({ narrowcast: { phaseMs: 250 } });
    const { channel, friends, client } = await channelWithFriends(60);
    await running.control.post(`/users/${friends[59]}/unfollow`);
    const { body: stranger } = await running.control.post<{ userId: string }>(
      `/channels/${channel.channelId}/users`,
      { displayName: "Never followed" },
    );

    const requestId = await narrowcast(client);
    const waiting = await client.getNarrowcastProgress(requestId);
    expect(waiting).toEqual({ phase: "waiting", acceptedTime: expect.any(String) });

    const sending = await eventually(async () => {
      const progress = await client.getNarrowcastProgress(requestId);
      return progress.phase === "sending" ? progress : undefined;
    }, "the sending phase");
    expect(sending).toMatchObject({ successCount: 59, failureCount: 0, targetCount: 59 });
    expect(sending.completedTime).toBeUndefined();

    const done = await finished(client, requestId);
    expect(done).toEqual({
      phase: "succeeded",
      successCount: 59,
      failureCount: 0,
      targetCount: 59,
      acceptedTime: waiting.acceptedTime,
      completedTime: expect.any(String),
    });
    // The SDK types these as Date; over the wire they are ISO strings.
    expect(Date.parse(String(done.completedTime))).toBeGreaterThan(
      Date.parse(String(done.acceptedTime)),
    );
    const received = await receivedBy(running.control, channel.channelId, friends[0]!);
    expect(received.map((r) => [r.via, r.requestId, r.message.text])).toEqual([
      ["narrowcast", requestId, "Autumn sale"],
    ]);
    expect(await receivedBy(running.control, channel.channelId, friends[59]!)).toEqual([]);
    expect(await receivedBy(running.control, channel.channelId, stranger.userId)).toEqual([]);
  });

  it("reaches only the friends in an audience", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(70);
    const audienceGroupId = await audienceOf(channel, friends.slice(0, 55));
    const requestId = await narrowcast(client, {
      recipient: { type: "audience", audienceGroupId },
    });
    expect(await finished(client, requestId)).toMatchObject({
      phase: "succeeded",
      successCount: 55,
    });
    expect(await narrowcastReceivers(channel, friends)).toEqual(friends.slice(0, 55));
  });

  it("combines audiences with and, or and not", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(120);
    const first = await audienceOf(channel, friends.slice(0, 60));
    const second = await audienceOf(channel, friends.slice(50, 110));
    const requestId = await narrowcast(client, {
      recipient: {
        type: "operator",
        and: [
          {
            type: "operator",
            or: [
              { type: "audience", audienceGroupId: first },
              { type: "audience", audienceGroupId: second },
            ],
          },
          {
            type: "operator",
            not: {
              type: "operator",
              and: [
                { type: "audience", audienceGroupId: first },
                { type: "audience", audienceGroupId: second },
              ],
            },
          },
        ],
      },
    });
    // (first ∪ second) minus (first ∩ second): friends 0–49 and 60–109.
    expect(await finished(client, requestId)).toMatchObject({
      phase: "succeeded",
      successCount: 100,
    });
    expect(await narrowcastReceivers(channel, friends)).toEqual([
      ...friends.slice(0, 50),
      ...friends.slice(60, 110),
    ]);
  });

  it("sends again to the recipients of an earlier request (redelivery)", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(80);
    const audienceGroupId = await audienceOf(channel, friends.slice(10, 70));
    const first = await narrowcast(client, { recipient: { type: "audience", audienceGroupId } });
    await finished(client, first);
    const again = await narrowcast(client, { recipient: { type: "redelivery", requestId: first } });
    expect(await finished(client, again)).toMatchObject({ phase: "succeeded", successCount: 60 });
    const counts = await Promise.all(
      friends.map(
        async (userId) => (await receivedBy(running.control, channel.channelId, userId)).length,
      ),
    );
    expect(counts).toEqual(friends.map((_, i) => (i >= 10 && i < 70 ? 2 : 0)));
  });

  it("redelivers to the recipients of a broadcast too", async () => {
    await start();
    const { client } = await channelWithFriends(55);
    const { httpResponse } = await client.broadcastWithHttpInfo({ messages: [MESSAGE] });
    const requestId = httpResponse.headers.get("x-line-request-id")!;
    const again = await narrowcast(client, { recipient: { type: "redelivery", requestId } });
    expect(await finished(client, again)).toMatchObject({ phase: "succeeded", successCount: 55 });
  });

  it("filters friends by the demographic attributes set for them", async () => {
    await start({ narrowcast: { minRecipients: 1 } });
    const { channel, friends, client } = await channelWithFriends(100);
    for (const [i, userId] of friends.slice(0, 30).entries()) {
      await running.control.patch(`/users/${userId}/demographics`, {
        gender: "female",
        age: 20 + i,
        area: i % 2 === 0 ? "jp_13" : "jp_27",
      });
    }
    for (const userId of friends.slice(30)) {
      await running.control.patch(`/users/${userId}/demographics`, { gender: "male" });
    }
    const requestId = await narrowcast(client, {
      filter: {
        demographic: {
          type: "operator",
          and: [
            { type: "gender", oneOf: ["female"] },
            { type: "age", gte: "age_25", lt: "age_40" },
            { type: "operator", not: { type: "area", oneOf: ["jp_27"] } },
          ],
        },
      },
    });
    // Women aged 25–39 outside Osaka: i = 5…19 with an even i.
    const expected = friends.slice(0, 30).filter((_, i) => i >= 5 && i < 20 && i % 2 === 0);
    expect(await finished(client, requestId)).toMatchObject({ successCount: expected.length });
    expect(await narrowcastReceivers(channel, friends)).toEqual(expected);
  });

  it("filters by how long friends have followed", async () => {
    let clock = Date.parse("2026-11-01T00:00:00Z");
    await start({ now: () => clock, narrowcast: { minRecipients: 1 } });
    const { channel, client } = await channelWithFriends(100);
    clock += 10 * 24 * 60 * 60 * 1000;
    const newcomers = await addFriends(channel, 5);
    const requestId = await narrowcast(client, {
      filter: { demographic: { type: "subscriptionPeriod", lt: "day_7" } },
    });
    expect(await finished(client, requestId)).toMatchObject({ successCount: 5 });
    expect(await narrowcastReceivers(channel, newcomers)).toEqual(newcomers);
  });

  it("refuses a demographic filter with 403 below 100 friends", async () => {
    await start();
    const { client } = await channelWithFriends(99);
    const failure = await lineFailure(() =>
      client.narrowcast({
        messages: [MESSAGE],
        filter: { demographic: { type: "gender", oneOf: ["male"] } },
      }),
    );
    expect(failure.status).toBe(403);
    expect(failure.body).toEqual({ message: "Your account does not have enough friends" });
  });

  it("picks limit.max recipients at random", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(80);
    const requestId = await narrowcast(client, { limit: { max: 55 } });
    expect(await finished(client, requestId)).toMatchObject({ successCount: 55, targetCount: 55 });
    expect(await narrowcastReceivers(channel, friends)).toHaveLength(55);
  });

  it("fails with errorCode 2 when fewer than 50 friends remain", async () => {
    await start();
    const { client } = await channelWithFriends(49);
    const requestId = await narrowcast(client);
    expect(await finished(client, requestId)).toMatchObject({
      phase: "failed",
      errorCode: 2,
      failedDescription: expect.any(String),
      completedTime: expect.any(String),
    });
  });

  it("fails with errorCode 4 when an audience has fewer than 50 users", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(100);
    const small = await audienceOf(channel, friends.slice(0, 49));
    const requestId = await narrowcast(client, {
      recipient: {
        type: "operator",
        not: { type: "audience", audienceGroupId: small },
      },
    });
    expect(await finished(client, requestId)).toMatchObject({ phase: "failed", errorCode: 4 });
    expect(await narrowcastReceivers(channel, friends)).toEqual([]);
  });

  it("refuses an audience or request ID the channel does not have", async () => {
    await start();
    const { client } = await channelWithFriends(1);
    const failure = await lineFailure(() =>
      client.narrowcast({
        messages: [MESSAGE],
        recipient: { type: "audience", audienceGroupId: 999 },
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.body.details).toEqual([
      { message: "Audience group not found", property: "recipient.audienceGroupId" },
    ]);
    const other = await lineFailure(() =>
      client.narrowcast({
        messages: [MESSAGE],
        recipient: { type: "redelivery", requestId: "nope" },
      }),
    );
    expect(other.body.details[0].property).toBe("recipient.requestId");
  });

  it("answers a repeated retry key with 409 and the first request's ID, sending once", async () => {
    await start();
    const { channel, friends, client } = await channelWithFriends(50);
    const key = randomUUID();
    const first = await narrowcast(client, {}, key);
    const failure = await lineFailure(() => client.narrowcast({ messages: [MESSAGE] }, key));
    expect(failure.status).toBe(409);
    expect(failure.body).toEqual({ message: "The retry key is already accepted" });
    expect(failure.headers.get("x-line-accepted-request-id")).toBe(first);
    await finished(client, first);
    expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(1);
  });

  it("keeps progress private to the channel and answers unknown request IDs with 404", async () => {
    await start();
    const { client } = await channelWithFriends(50);
    const { client: otherClient } = await channelWithFriends(0);
    const requestId = await narrowcast(client);
    expect((await lineFailure(() => otherClient.getNarrowcastProgress(requestId))).status).toBe(
      404,
    );
    expect((await lineFailure(() => client.getNarrowcastProgress(randomUUID()))).body).toEqual({
      message: "Not found",
    });
    const missing = await fetch(`${running.baseURL}/v2/bot/message/progress/narrowcast`, {
      headers: {
        authorization: `Bearer ${(await arrangeChannel(running.control)).channel.channelAccessToken}`,
      },
    });
    expect(missing.status).toBe(400);
  });
});
