import { randomUUID } from "node:crypto";
import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../emulator.ts";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  type Running,
  receivedBy,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";
import { createRateLimiter, pathTemplate } from "./rate-limits.ts";

const RATE_LIMITED = { message: "The API rate limit has been exceeded. Try again later." };
const text = (value: string) => ({ type: "text" as const, text: value });

describe("LINE's published limits", () => {
  const limiter = createRateLimiter({}, () => 0);
  const published = (method: string, url: string) => limiter.endpoint(method, url).published;
  const second = (limit: number) => ({ limit, windowMs: 1000 });
  const minute = (limit: number) => ({ limit, windowMs: 60_000 });
  const hour = (limit: number) => ({ limit, windowMs: 3_600_000 });

  it("maps each endpoint, by method and path template, to its figure", () => {
    expect(published("POST", "/v2/bot/message/push")).toEqual(second(2000));
    expect(published("POST", "/v2/bot/message/reply")).toEqual(second(2000));
    expect(published("POST", "/v2/bot/message/multicast")).toEqual(second(200));
    expect(published("POST", "/v2/bot/message/narrowcast")).toEqual(hour(60));
    expect(published("POST", "/v2/bot/message/broadcast")).toEqual(hour(60));
    expect(published("GET", "/v2/bot/insight/richmenu/:richMenuId/summary")).toEqual(hour(60));
    expect(published("GET", "/v2/bot/audienceGroup/:audienceGroupId")).toEqual(minute(60));
    expect(published("PUT", "/v2/bot/audienceGroup/upload/byFile")).toEqual(minute(60));
    expect(published("PUT", "/v2/bot/channel/webhook/endpoint")).toEqual(minute(1000));
    expect(published("POST", "/v2/bot/richmenu")).toEqual(hour(100));
    expect(published("DELETE", "/v2/bot/richmenu/:richMenuId")).toEqual(hour(100));
    expect(published("GET", "/v2/bot/richmenu/:richMenuId")).toEqual(second(2000));
    expect(published("DELETE", "/v2/bot/richmenu/alias/:richMenuAliasId")).toEqual(hour(100));
    expect(published("POST", "/v2/bot/richmenu/batch")).toEqual(hour(3));
    expect(published("GET", "/v2/bot/richmenu/list")).toEqual(second(10));
    expect(published("POST", "/v2/bot/chat/loading/start")).toEqual(second(100));
    expect(published("GET", "/v2/bot/profile/:userId")).toEqual(second(2000));
  });

  it("reads Fastify and OpenAPI path parameters alike", () => {
    expect(pathTemplate("/v2/bot/richmenu/:richMenuId/content")).toBe(
      "/v2/bot/richmenu/{}/content",
    );
    expect(pathTemplate("/v2/bot/richmenu/{richMenuId}/content")).toBe(
      "/v2/bot/richmenu/{}/content",
    );
  });
});

describe("token buckets", () => {
  it("let a full bucket's worth through, then refill at the published rate", () => {
    let clock = 0;
    const limiter = createRateLimiter({}, () => clock);
    const broadcast = limiter.endpoint("POST", "/v2/bot/message/broadcast");
    for (let i = 0; i < 60; i++) expect(limiter.take(broadcast, "1")).toBe(true);
    expect(limiter.take(broadcast, "1")).toBe(false);
    clock += 59_000;
    expect(limiter.take(broadcast, "1")).toBe(false);
    clock += 1_000;
    expect(limiter.take(broadcast, "1")).toBe(true);
    expect(limiter.take(broadcast, "1")).toBe(false);
  });

  it("keep channels and endpoints apart", () => {
    const limiter = createRateLimiter(
      { overrides: { "POST /v2/bot/message/push": { limit: 1, windowMs: 1000 } } },
      () => 0,
    );
    const push = limiter.endpoint("POST", "/v2/bot/message/push");
    expect(limiter.take(push, "a")).toBe(true);
    expect(limiter.take(push, "a")).toBe(false);
    expect(limiter.take(push, "b")).toBe(true);
    expect(limiter.take(limiter.endpoint("POST", "/v2/bot/message/reply"), "a")).toBe(true);
  });

  it("scale with a multiplier, take overrides, and turn off", () => {
    const limiter = createRateLimiter({ multiplier: 0.01 }, () => 0);
    const multicast = limiter.endpoint("POST", "/v2/bot/message/multicast");
    expect([1, 2, 3].map(() => limiter.take(multicast, "a"))).toEqual([true, true, false]);
    limiter.configure({ overrides: { "POST /v2/bot/message/multicast": "off" } });
    expect(limiter.take(multicast, "a")).toBe(true);
    limiter.configure({ overrides: {}, enabled: false });
    const broadcast = limiter.endpoint("POST", "/v2/bot/message/broadcast");
    for (let i = 0; i < 100; i++) expect(limiter.take(broadcast, "a")).toBe(true);
    expect(limiter.describe().find((e) => e.endpoint === "POST /v2/bot/message/broadcast")).toEqual(
      {
        endpoint: "POST /v2/bot/message/broadcast",
        published: { limit: 60, windowMs: 3_600_000 },
        effective: "off",
      },
    );
  });

  it("refuse a multiplier that is not positive", () => {
    expect(() => createRateLimiter({ multiplier: 0 }, () => 0)).toThrow(/multiplier/);
  });
});

describe("rate limits over HTTP", () => {
  let running: Running;
  let clock = Date.parse("2026-11-26T03:00:00Z");
  afterEach(() => running.close());

  async function start(options: EmulatorOptions = {}) {
    // A still clock: buckets only refill when a test moves it.
    running = await startEmulator({ now: () => clock, ...options });
    return arrangeChannel(running.control, { friends: 1 });
  }

  async function failure(call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      if (!(error instanceof HTTPFetchError)) throw error;
      return { status: error.status, body: JSON.parse(error.body) };
    }
    return { status: 200, body: undefined };
  }

  it("answers 429 in LINE's words when a channel empties an endpoint's bucket, and sends nothing", async () => {
    const { channel, friends } = await start({
      rateLimits: { overrides: { "POST /v2/bot/message/push": { limit: 2, windowMs: 1000 } } },
    });
    const client = sdkClient(running.baseURL, channel);
    const push = () => client.pushMessage({ to: friends[0]!, messages: [text("x")] });
    await push();
    await push();
    expect(await failure(push)).toEqual({ status: 429, body: RATE_LIMITED });
    expect(await receivedBy(running.control, channel.channelId, friends[0]!)).toHaveLength(2);
    // Other endpoints and other channels have their own buckets.
    await client.getProfile(friends[0]!);
    const other = await arrangeChannel(running.control, { friends: 1 });
    await sdkClient(running.baseURL, other.channel).pushMessage({
      to: other.friends[0]!,
      messages: [text("x")],
    });
    clock += 1000;
    await push();
  });

  it("allows 60 broadcasts an hour, then one more a minute", async () => {
    const { channel } = await start();
    const client = sdkClient(running.baseURL, channel);
    const broadcast = () => client.broadcast({ messages: [text("x")] });
    for (let i = 0; i < 60; i++) await broadcast();
    expect(await failure(broadcast)).toEqual({ status: 429, body: RATE_LIMITED });
    clock += 60_000;
    await broadcast();
    expect((await failure(broadcast)).status).toBe(429);
  });

  it("limits narrowcast like broadcast, and the same URL with another method separately", async () => {
    const { channel } = await start({ rateLimits: { multiplier: 0.05 } });
    const client = sdkClient(running.baseURL, channel);
    // 60/hour × 0.05 = 3.
    for (let i = 0; i < 3; i++) await client.narrowcast({ messages: [text("x")] });
    expect((await failure(() => client.narrowcast({ messages: [text("x")] }))).status).toBe(429);
    // 1,000/minute × 0.05 = 50 for PUT and 50 for GET of the webhook endpoint.
    for (let i = 0; i < 50; i++)
      await client.setWebhookEndpoint({ endpoint: "https://example.com/hook" });
    expect(
      (await failure(() => client.setWebhookEndpoint({ endpoint: "https://example.com/hook" })))
        .status,
    ).toBe(429);
    await client.getWebhookEndpoint();
  });

  it("counts retries of a retry key as requests", async () => {
    const { channel, friends } = await start({
      rateLimits: { overrides: { "POST /v2/bot/message/push": { limit: 2, windowMs: 1000 } } },
    });
    const client = sdkClient(running.baseURL, channel);
    const key = randomUUID();
    const push = () => client.pushMessage({ to: friends[0]!, messages: [text("x")] }, key);
    await push();
    expect((await failure(push)).status).toBe(409);
    expect((await failure(push)).status).toBe(429);
  });

  it("limits endpoints that other parts of the emulator serve (rich menu list, 10/s)", async () => {
    const { channel } = await start();
    const client = sdkClient(running.baseURL, channel);
    for (let i = 0; i < 10; i++) await client.getRichMenuList();
    expect(await failure(() => client.getRichMenuList())).toEqual({
      status: 429,
      body: RATE_LIMITED,
    });
  });

  it("can be turned off, scaled and reset through the control API", async () => {
    const { channel, friends } = await start();
    const client = sdkClient(running.baseURL, channel);
    const patched = await running.control.patch<{ enabled: boolean; multiplier: number }>(
      "/rate-limits",
      {
        multiplier: 0.001,
      },
    );
    expect(patched.body).toMatchObject({ enabled: true, multiplier: 0.001 });
    const push = () => client.pushMessage({ to: friends[0]!, messages: [text("x")] });
    await push();
    await push();
    expect((await failure(push)).status).toBe(429);
    await running.control.post("/rate-limits/reset");
    await push();
    await running.control.patch("/rate-limits", { enabled: false });
    for (let i = 0; i < 10; i++) await push();
    const { body } = await running.control.get<{
      endpoints: { endpoint: string; effective: unknown }[];
    }>("/rate-limits");
    expect(body.endpoints).toContainEqual({
      endpoint: "POST /v2/bot/message/push",
      published: { limit: 2000, windowMs: 1000 },
      effective: "off",
    });
    expect((await running.control.patch("/rate-limits", { multiplier: -1 })).status).toBe(400);
    const overridden = await running.control.patch<{ overrides: object }>("/rate-limits", {
      enabled: true,
      overrides: { "GET /v2/bot/profile/{userId}": { limit: 1, windowMs: 1000 } },
    });
    expect(overridden.body.overrides).toEqual({
      "GET /v2/bot/profile/{}": { limit: 1, windowMs: 1000 },
    });
    await client.getProfile(friends[0]!);
    expect((await failure(() => client.getProfile(friends[0]!))).status).toBe(429);
  });

  it("leaves requests without a valid token to authentication (401, no bucket)", async () => {
    await start({
      rateLimits: { overrides: { "GET /v2/bot/info": { limit: 1, windowMs: 1000 } } },
    });
    const bad = sdkClient(running.baseURL, { channelAccessToken: "nope" } as Channel);
    for (let i = 0; i < 3; i++) expect((await failure(() => bad.getBotInfo())).status).toBe(401);
  });
});

describe("retry keys on other endpoints", () => {
  let running: Running;
  afterEach(() => running.close());

  it("are refused with 400 everywhere but push, multicast, narrowcast and broadcast", async () => {
    running = await startEmulator();
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const call = (method: string, path: string, body?: object) =>
      fetch(`${running.baseURL}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${channel.channelAccessToken}`,
          "x-line-retry-key": randomUUID(),
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const refused = {
      message: "The X-Line-Retry-Key header is not supported by this endpoint",
    };
    for (const [method, path, body] of [
      ["GET", `/v2/bot/profile/${friends[0]}`],
      ["GET", "/v2/bot/info"],
      ["GET", "/v2/bot/message/quota"],
      ["POST", "/v2/bot/message/reply", { replyToken: "x", messages: [text("x")] }],
      ["POST", "/v2/bot/message/validate/push", { messages: [text("x")] }],
      ["GET", "/v2/bot/richmenu/list"],
    ] as const) {
      const response = await call(method, path, body);
      expect([path, response.status, await response.json()]).toEqual([path, 400, refused]);
    }
    for (const [path, body] of [
      ["/v2/bot/message/push", { to: friends[0], messages: [text("x")] }],
      ["/v2/bot/message/multicast", { to: [friends[0]], messages: [text("x")] }],
      ["/v2/bot/message/broadcast", { messages: [text("x")] }],
      ["/v2/bot/message/narrowcast", { messages: [text("x")] }],
    ] as const) {
      expect([path, (await call("POST", path, body)).status]).toEqual([
        path,
        path.endsWith("narrowcast") ? 202 : 200,
      ]);
    }
  });
});
