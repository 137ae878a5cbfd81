import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  arrangeChannel,
  type ControlClient,
  type Running,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

async function userWithProfile(control: ControlClient, channelId: string) {
  const { body } = await control.post<{ userId: string }>(`/channels/${channelId}/users`, {
    displayName: "山田 太郎",
    pictureUrl: "https://example.com/taro.png",
    statusMessage: "こんにちは",
    language: "ja",
  });
  return body.userId;
}

describe("getProfile", () => {
  it("returns a friend's profile", async () => {
    const { channel } = await arrangeChannel(running.control);
    const userId = await userWithProfile(running.control, channel.channelId);
    await running.control.post(`/users/${userId}/follow`);
    const profile = await sdkClient(running.baseURL, channel).getProfile(userId);
    expect(profile).toEqual({
      userId,
      displayName: "山田 太郎",
      pictureUrl: "https://example.com/taro.png",
      statusMessage: "こんにちは",
      language: "ja",
    });
  });

  it("omits properties the user does not have", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const profile = await sdkClient(running.baseURL, channel).getProfile(friends[0]!);
    expect(profile).toEqual({ userId: friends[0], displayName: "Friend 1" });
  });

  it("answers 404 for a user who never followed, and for one who blocked", async () => {
    const { channel, friends, strangers } = await arrangeChannel(running.control, {
      friends: 1,
      strangers: 1,
    });
    await running.control.post(`/users/${friends[0]}/unfollow`);
    const client = sdkClient(running.baseURL, channel);
    for (const userId of [strangers[0]!, friends[0]!]) {
      const error = await client.getProfile(userId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HTTPFetchError);
      expect((error as HTTPFetchError).status).toBe(404);
      expect(JSON.parse((error as HTTPFetchError).body)).toEqual({ message: "Not found" });
    }
  });

  it("does not show another channel's users", async () => {
    const { friends } = await arrangeChannel(running.control, { friends: 1 });
    const { channel: other } = await arrangeChannel(running.control);
    const error = await sdkClient(running.baseURL, other)
      .getProfile(friends[0]!)
      .catch((e: unknown) => e);
    expect((error as HTTPFetchError).status).toBe(404);
  });
});

describe("getBotInfo", () => {
  it("describes the channel's bot", async () => {
    const { channel } = await arrangeChannel(running.control);
    const info = await sdkClient(running.baseURL, channel).getBotInfo();
    expect(info).toEqual({
      userId: channel.botUserId,
      basicId: channel.basicId,
      displayName: "Test shop",
      chatMode: "bot",
      markAsReadMode: "auto",
    });
    expect(info.userId).toMatch(/^U[0-9a-f]{32}$/);
  });
});

describe("webhook endpoint", () => {
  it("stores the URL the bot sets and reads it back", async () => {
    const { channel } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, channel);
    expect(await client.getWebhookEndpoint()).toEqual({ endpoint: "", active: false });
    const set = await client.setWebhookEndpointWithHttpInfo({
      endpoint: "https://kizuna.example/webhooks/line",
    });
    expect(set.body).toEqual({});
    expect(await client.getWebhookEndpoint()).toEqual({
      endpoint: "https://kizuna.example/webhooks/line",
      active: true,
    });
    const { body } = await running.control.get<{ webhookUrl: string }>(
      `/channels/${channel.channelId}`,
    );
    expect(body.webhookUrl).toBe("https://kizuna.example/webhooks/line");
  });

  it("refuses an endpoint that is not a URL", async () => {
    const { channel } = await arrangeChannel(running.control);
    const error = await sdkClient(running.baseURL, channel)
      .setWebhookEndpoint({ endpoint: "kizuna" })
      .catch((e: unknown) => e);
    expect((error as HTTPFetchError).status).toBe(400);
    expect(JSON.parse((error as HTTPFetchError).body).details).toEqual([
      { message: "Must be a valid URL", property: "endpoint" },
    ]);
  });
});
