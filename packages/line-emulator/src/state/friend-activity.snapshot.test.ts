import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insight, manageAudience, messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { arrangeChannel, startEmulator } from "../testing/harness.ts";

// What friends did survives a restart with --data-file: chats, reads and clicks (insight),
// follow history, demographics and audiences.

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the data file", () => {
  it("keeps friends' activity, insight and audiences across a restart", async () => {
    dir = mkdtempSync(join(tmpdir(), "emulator-"));
    const dataFile = join(dir, "emulator.json");
    let now = Date.parse("2026-03-01T12:00:00+09:00");
    const clock = () => now;

    const first = await startEmulator({ dataFile, now: clock, audienceReadyDelayMs: 0 });
    const { channel } = await arrangeChannel(first.control);
    const config = { channelAccessToken: channel.channelAccessToken, baseURL: first.baseURL };
    const { body } = await first.control.post<{ userIds: string[] }>(
      `/channels/${channel.channelId}/followers`,
      { count: 25, silent: true },
    );
    const [hanako, taro] = body.userIds as [string, string];
    const sent = await first.control.post<{ messageId: string }>(`/users/${hanako}/messages`, {
      text: "hello",
    });
    await first.control.post(`/users/${hanako}/unsend`, { messageId: sent.body.messageId });
    await first.control.post(`/users/${taro}/postback`, { data: "x", displayText: "Tapped" });
    await first.control.patch(`/users/${taro}/demographics`, { gender: "female", age: 41 });
    const broadcast = await new messagingApi.MessagingApiClient(config).broadcastWithHttpInfo({
      messages: [{ type: "text", text: "News" }],
    });
    const requestId = broadcast.httpResponse.headers.get("x-line-request-id")!;
    for (const userId of body.userIds.slice(0, 21))
      await first.control.post(`/users/${userId}/read`);
    const audience = await new manageAudience.ManageAudienceClient(
      config,
    ).createImpBasedAudienceGroup({
      description: "Readers",
      requestId,
    });
    await first.close();

    now += 86_400_000;
    const second = await startEmulator({ dataFile, now: clock });
    try {
      const config2 = { ...config, baseURL: second.baseURL };
      const chat = await second.control.get<
        { side: string; unsent?: boolean; message: { text?: string } }[]
      >(`/users/${hanako}/chat`);
      expect(chat.body[0]).toMatchObject({ side: "friend", unsent: true });
      const taroChat = await second.control.get<{ message: { text?: string } }[]>(
        `/users/${taro}/chat`,
      );
      expect(taroChat.body.map((item) => item.message.text)).toEqual(["Tapped", "News"]);
      expect((await second.control.get(`/users/${taro}/demographics`)).body).toMatchObject({
        gender: "female",
        age: 41,
      });
      const stats = await new insight.InsightClient(config2).getMessageEvent(requestId);
      expect(stats.overview).toMatchObject({ delivered: 25, uniqueImpression: 21 });
      expect(
        await new insight.InsightClient(config2).getNumberOfFollowers("20260301"),
      ).toMatchObject({
        followers: 25,
      });
      const group = await new manageAudience.ManageAudienceClient(config2).getAudienceData(
        audience.audienceGroupId!,
      );
      expect(group.audienceGroup).toMatchObject({
        type: "IMP",
        status: "READY",
        audienceCount: 21,
      });
    } finally {
      await second.close();
    }
  });
});
