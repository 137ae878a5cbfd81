import { insight } from "@line/bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../state/types.ts";
import { arrangeChannel, type Running, sdkClient, startEmulator } from "../testing/harness.ts";

// Many friends of a channel open the chat at once, each read as one friend's read is: LINE's
// per-unit statistics count them.

let running: Running;
beforeAll(async () => {
  running = await startEmulator();
});
afterAll(() => running.close());

type ChannelRead = { readers: number; read: number; userIds: string[]; unknownUserIds: string[] };

const today = () =>
  new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");

async function uniqueImpressions(channel: Channel, unit: string) {
  const stats = new insight.InsightClient({
    baseURL: running.baseURL,
    channelAccessToken: channel.channelAccessToken,
  });
  return (await stats.getStatisticsPerUnit(unit, today(), today())).overview.uniqueImpression;
}

describe("POST /_emulator/channels/:channelId/read", () => {
  it("has a share of the friends with something unread read it, then everyone else", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 30 });
    await sdkClient(running.baseURL, channel).multicast({
      to: friends,
      messages: [
        { type: "text", text: "週末セール" },
        { type: "text", text: "クーポンはこちら" },
      ],
      customAggregationUnits: ["weekend_sale"],
    });

    const half = await running.control.post<ChannelRead>(`/channels/${channel.channelId}/read`, {
      share: 0.5,
    });
    expect(half.status).toBe(200);
    expect(half.body).toMatchObject({ readers: 15, read: 30, unknownUserIds: [] });
    expect(await uniqueImpressions(channel, "weekend_sale")).toBeNull();

    const rest = await running.control.post<ChannelRead>(`/channels/${channel.channelId}/read`);
    expect(rest.body.readers).toBe(15);
    expect(new Set([...half.body.userIds, ...rest.body.userIds])).toEqual(new Set(friends));
    expect(await uniqueImpressions(channel, "weekend_sale")).toBe(30);

    // Nothing new: nobody reads again, and the count stays.
    const again = await running.control.post<ChannelRead>(`/channels/${channel.channelId}/read`);
    expect(again.body).toMatchObject({ readers: 0, read: 0 });
    expect(await uniqueImpressions(channel, "weekend_sale")).toBe(30);
  });

  it("reads for the named friends only, and names those who are not the channel's", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 21 });
    const other = await arrangeChannel(running.control, { friends: 1 });
    await sdkClient(running.baseURL, channel).multicast({
      to: friends,
      messages: [{ type: "text", text: "新商品のお知らせ" }],
      customAggregationUnits: ["new_items"],
    });
    const read = await running.control.post<ChannelRead>(`/channels/${channel.channelId}/read`, {
      userIds: [...friends.slice(0, 20), other.friends[0]!],
    });
    expect(read.body).toEqual({
      readers: 20,
      read: 20,
      userIds: friends.slice(0, 20),
      unknownUserIds: [other.friends[0]],
    });
    expect(await uniqueImpressions(channel, "new_items")).toBe(20);
    const last = await running.control.get<{ side: string; seen?: boolean }[]>(
      `/users/${friends[20]}/chat`,
    );
    expect(last.body.find((item) => item.side === "bot")?.seen).toBeFalsy();
  });

  it("refuses a share with a list, and a channel that does not exist", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const both = await running.control.post(`/channels/${channel.channelId}/read`, {
      share: 1,
      userIds: friends,
    });
    expect(both.status).toBe(400);
    const unknown = await running.control.post("/channels/9999999999/read");
    expect(unknown.status).toBe(404);
  });
});
