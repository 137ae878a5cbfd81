import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { insight, messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  contractProblems,
  type RecordingEmulator,
  startRecordingEmulator,
} from "../contract/recording.ts";
import { recordAggregationUnits } from "../state/engagement.ts";
import { createState } from "../state/state.ts";
import type { Channel, ReceivedMessage } from "../state/types.ts";
import { arrangeChannel } from "../testing/harness.ts";
import { perUnitStats } from "./aggregation.ts";

let running: RecordingEmulator;
let site: Server | undefined;
afterEach(async () => {
  await running.close();
  site?.closeAllConnections();
  site?.close();
  site = undefined;
});

/** 2026-03-01 12:00 in Japan. */
const MARCH_1_NOON_JST = Date.parse("2026-03-01T12:00:00+09:00");
const DAY = 86_400_000;

function clients(channel: Channel) {
  const config = { channelAccessToken: channel.channelAccessToken, baseURL: running.baseURL };
  return {
    insight: new insight.InsightClient(config),
    messaging: new messagingApi.MessagingApiClient(config),
  };
}

async function followers(channel: Channel, count: number): Promise<string[]> {
  const { body } = await running.control.post<{ userIds: string[] }>(
    `/channels/${channel.channelId}/followers`,
    { count, silent: true },
  );
  return body.userIds;
}

/** Every successful insight exchange so far matches insight.yml (requests the test made wrong on purpose aside). */
function expectContract(): void {
  const problems = running.exchanges
    .filter((exchange) => exchange.url.startsWith("/v2/bot/insight/") && exchange.status < 400)
    .flatMap((exchange) => contractProblems(exchange, ["insight.yml"]));
  expect(problems).toEqual([]);
}

/** A web page behind a tracking redirect, the way a CRM measures clicks. */
async function trackedSite(): Promise<{ trackingUrl: string; hits: string[] }> {
  const hits: string[] = [];
  site = createServer((request, response) => {
    hits.push(`${request.url} ${request.headers["user-agent"]}`);
    if (request.url?.startsWith("/r/")) {
      response.writeHead(302, { location: "/landing" }).end();
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end("<h1>Spring sale</h1>");
    }
  });
  await new Promise<void>((resolve) => site!.listen(0, "127.0.0.1", resolve));
  const { port } = site.address() as AddressInfo;
  return { trackingUrl: `http://127.0.0.1:${port}/r/spring`, hits };
}

describe("insight: followers", () => {
  it("counts first-time follows and blocks up to a day, ready the day after", async () => {
    let now = MARCH_1_NOON_JST;
    running = await startRecordingEmulator({ now: () => now });
    const { channel, friends } = await arrangeChannel(running.control, { friends: 3 });
    await running.control.post(`/users/${friends[0]}/unfollow`);
    const { insight: client } = clients(channel);

    expect(await client.getNumberOfFollowers("20260301")).toEqual({ status: "unready" });
    now += DAY;
    // The blocked friend comes back on March 2: an unblock, not a new follower.
    await running.control.post(`/users/${friends[0]}/follow`);
    expect(await client.getNumberOfFollowers("20260301")).toEqual({
      status: "ready",
      followers: 3,
      targetedReaches: 2,
      blocks: 1,
    });
    expect(await client.getNumberOfFollowers()).toMatchObject({ followers: 3, blocks: 1 });
    now += DAY;
    expect(await client.getNumberOfFollowers("20260302")).toEqual({
      status: "ready",
      followers: 3,
      targetedReaches: 3,
      blocks: 0,
    });
    expect(await client.getNumberOfFollowers("20161031")).toEqual({ status: "out_of_service" });
    await expect(client.getNumberOfFollowers("2026-03-01")).rejects.toMatchObject({ status: 400 });
    expectContract();
  });
});

describe("insight: demographics", () => {
  it("withholds demographics below 20 friends", async () => {
    running = await startRecordingEmulator();
    const { channel } = await arrangeChannel(running.control);
    await followers(channel, 19);
    const result = await clients(channel).insight.getFriendsDemographics();
    expect(result.available).toBe(false);
    expectContract();
  });

  it("gives each attribute's shares in percent once 20 friends follow", async () => {
    running = await startRecordingEmulator();
    const { channel } = await arrangeChannel(running.control);
    const [first] = await followers(channel, 200);
    await running.control.patch(`/users/${first}/demographics`, {
      gender: "female",
      area: "jp_13",
    });
    const result = await clients(channel).insight.getFriendsDemographics();
    expect(result.available).toBe(true);
    for (const tiles of [result.genders, result.ages, result.areas, result.appTypes]) {
      const sum = tiles!.reduce((total, tile) => total + tile.percentage!, 0);
      expect(sum).toBeCloseTo(100, 0);
    }
    expect(result.genders!.map((tile) => tile.gender).sort()).toEqual([
      "female",
      "male",
      "unknown",
    ]);
    expect(result.subscriptionPeriods).toEqual([
      { subscriptionPeriod: "within7days", percentage: 100 },
    ]);
    expect(result.areas!.some((tile) => tile.area === "東京")).toBe(true);
    expectContract();
  });
});

describe("insight: message deliveries", () => {
  it("counts each route's deliveries per recipient, the next day", async () => {
    let now = MARCH_1_NOON_JST;
    running = await startRecordingEmulator({ now: () => now });
    const { channel, friends } = await arrangeChannel(running.control, { friends: 2 });
    const { insight: client, messaging } = clients(channel);
    await messaging.multicast({ to: friends, messages: [{ type: "text", text: "hi" }] });
    await messaging.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "hi" }] });
    expect(await client.getNumberOfMessageDeliveries("20260301")).toEqual({ status: "unready" });
    now += DAY;
    expect(await client.getNumberOfMessageDeliveries("20260301")).toMatchObject({
      status: "ready",
      apiPush: 1,
      apiMulticast: 2,
      apiBroadcast: 0,
      apiReply: 0,
    });
    expectContract();
  });
});

describe("insight: message events", () => {
  it("reports impressions and clicks of a broadcast from friends' reads and link opens", async () => {
    running = await startRecordingEmulator();
    const { trackingUrl, hits } = await trackedSite();
    const { channel } = await arrangeChannel(running.control);
    const userIds = await followers(channel, 30);
    const { insight: client, messaging } = clients(channel);
    const sent = await messaging.broadcastWithHttpInfo({
      messages: [
        { type: "text", text: "Spring sale!" },
        {
          type: "template",
          altText: "sale",
          template: {
            type: "buttons",
            text: "See the offers",
            actions: [{ type: "uri", label: "Open", uri: trackingUrl }],
          },
        },
      ],
    });
    const requestId = sent.httpResponse.headers.get("x-line-request-id")!;
    const { body: chat } = await running.control.get<{ messageId: string; side: string }[]>(
      `/users/${userIds[0]}/chat`,
    );
    const buttonsId = chat.filter((item) => item.side === "bot").at(-1)!.messageId;

    for (const userId of userIds.slice(0, 24)) {
      await running.control.post(`/users/${userId}/read`);
    }
    for (const userId of userIds.slice(0, 21)) {
      const tap = await running.control.post<{ link: { finalUrl: string; status: number } }>(
        `/users/${userId}/tap`,
        { messageId: buttonsId, label: "Open" },
      );
      expect(tap.body.link).toMatchObject({
        finalUrl: trackingUrl.replace("/r/spring", "/landing"),
        status: 200,
      });
    }
    // The tracking redirect saw each click, from LINE's in-app browser.
    expect(hits.filter((hit) => hit.startsWith("/r/spring"))).toHaveLength(21);
    expect(hits[0]).toContain(" Line/");

    const stats = await client.getMessageEvent(requestId);
    expect(stats.overview).toMatchObject({
      requestId,
      delivered: 30,
      uniqueImpression: 24,
      uniqueClick: 21,
      uniqueMediaPlayed: null,
    });
    expect(stats.messages).toEqual([
      expect.objectContaining({ seq: 1, impression: 24, uniqueImpression: 24 }),
      expect.objectContaining({ seq: 2, impression: 24, uniqueImpression: 24 }),
    ]);
    expect(stats.clicks).toEqual([
      { seq: 2, url: trackingUrl, click: 21, uniqueClick: 21, uniqueClickOfRequest: 21 },
    ]);
    expectContract();
  });

  it("hides figures backed by fewer than 20 users, but shows deliveries", async () => {
    running = await startRecordingEmulator();
    const { channel } = await arrangeChannel(running.control);
    const userIds = await followers(channel, 25);
    const { insight: client, messaging } = clients(channel);
    const sent = await messaging.broadcastWithHttpInfo({
      messages: [{ type: "text", text: "Quiet news" }],
    });
    const requestId = sent.httpResponse.headers.get("x-line-request-id")!;
    for (const userId of userIds.slice(0, 5)) await running.control.post(`/users/${userId}/read`);
    const stats = await client.getMessageEvent(requestId);
    expect(stats.overview).toMatchObject({
      delivered: 25,
      uniqueImpression: null,
      uniqueClick: null,
    });
    expect(stats.messages).toEqual([
      expect.objectContaining({ seq: 1, impression: null, uniqueImpression: null }),
    ]);
    expectContract();
  });

  it("has no interaction statistics for a push", async () => {
    running = await startRecordingEmulator();
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const { insight: client, messaging } = clients(channel);
    const sent = await messaging.pushMessageWithHttpInfo({
      to: friends[0]!,
      messages: [{ type: "text", text: "Just you" }],
    });
    const stats = await client.getMessageEvent(sent.httpResponse.headers.get("x-line-request-id")!);
    expect(stats).toMatchObject({ overview: { delivered: 0 }, messages: [], clicks: [] });
  });
});

describe("insight: statistics per aggregation unit", () => {
  it("adds up the requests sent with a unit within the dates", () => {
    const state = createState();
    const at = MARCH_1_NOON_JST;
    const received: ReceivedMessage[] = [];
    for (const [requestId, user] of [
      ["r1", "Ua"],
      ["r2", "Ub"],
    ] as const) {
      received.push({
        channelId: "c",
        userId: user,
        messageId: `${requestId}-m1`,
        requestId,
        via: "push",
        at: new Date(at).toISOString(),
        message: { type: "text", text: "x" },
      });
      recordAggregationUnits(state, "c", requestId, ["spring_sale"], at);
    }
    const stats = perUnitStats(state, "c", "spring_sale", "20260301", "20260301", received);
    expect(stats.messages).toEqual([expect.objectContaining({ seq: 1, impression: null })]);
    expect(stats.overview.uniqueImpression).toBeNull();
    expect(
      perUnitStats(state, "c", "spring_sale", "20260302", "20260303", received).messages,
    ).toEqual([]);
  });
});
