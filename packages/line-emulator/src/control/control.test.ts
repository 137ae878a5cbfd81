import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Channel, FollowStatus } from "../state/types.ts";
import {
  addUser,
  arrangeChannel,
  type Running,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

type UserPage = {
  users: { userId: string; displayName: string; followStatus: FollowStatus }[];
  total: number;
};

describe("control API: channels", () => {
  it("creates a channel with LINE-shaped credentials", async () => {
    const { status, body } = await running.control.post<Channel>("/channels", { name: "Cafe" });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      channelId: expect.stringMatching(/^\d{10}$/),
      channelSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
      channelAccessToken: expect.any(String),
      botUserId: expect.stringMatching(/^U[0-9a-f]{32}$/),
      name: "Cafe",
      webhookUrl: null,
    });
    expect(body.channelAccessToken.length).toBeGreaterThanOrEqual(100);
  });

  it("recreates a channel from known credentials, once", async () => {
    const known = {
      channelId: "1234567890",
      channelSecret: "0123456789abcdef0123456789abcdef",
      channelAccessToken: "known-token-for-a-script-0123456789",
      name: "Known",
    };
    const created = await running.control.post<Channel>("/channels", known);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(known);
    const client = sdkClient(running.baseURL, created.body);
    expect((await client.getBotInfo()).displayName).toBe("Known");

    const again = await running.control.post("/channels", known);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "channel_exists", message: expect.any(String) } });
  });

  it("lists and reads channels", async () => {
    const a = await running.control.post<Channel>("/channels", { name: "A" });
    await running.control.post<Channel>("/channels", { name: "B" });
    const list = await running.control.get<Channel[]>("/channels");
    expect(list.body.map((c) => c.name)).toEqual(["A", "B"]);
    const one = await running.control.get<Channel>(`/channels/${a.body.channelId}`);
    expect(one.body).toEqual(a.body);
    expect((await running.control.get("/channels/0000000000")).status).toBe(404);
  });

  it("rejects malformed input with a 400", async () => {
    const { status, body } = await running.control.post("/channels", { channelId: "abc" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "invalid_request" } });
  });
});

describe("control API: users", () => {
  it("creates users who are not yet friends", async () => {
    const { channel } = await arrangeChannel(running.control);
    const created = await running.control.post<{ userId: string }>(
      `/channels/${channel.channelId}/users`,
      { displayName: "Mio" },
    );
    expect(created.status).toBe(201);
    expect(created.body.userId).toMatch(/^U[0-9a-f]{32}$/);
    const page = await running.control.get<UserPage>(`/channels/${channel.channelId}/users`);
    expect(page.body.users).toEqual([
      {
        userId: created.body.userId,
        channelId: channel.channelId,
        displayName: "Mio",
        followStatus: "none",
      },
    ]);
  });

  it("creates 100,000 users in one call and pages through them", async () => {
    const { channel } = await arrangeChannel(running.control);
    const created = await running.control.post<{ userIds: string[] }>(
      `/channels/${channel.channelId}/users`,
      { count: 100_000, namePrefix: "Load" },
    );
    expect(created.status).toBe(201);
    expect(new Set(created.body.userIds).size).toBe(100_000);
    const page = await running.control.get<UserPage>(
      `/channels/${channel.channelId}/users?limit=2&offset=99998`,
    );
    expect(page.body.total).toBe(100_000);
    expect(page.body.users.map((u) => [u.userId, u.displayName, u.followStatus])).toEqual([
      [created.body.userIds[99_998], "Load 99999", "none"],
      [created.body.userIds[99_999], "Load 100000", "none"],
    ]);
  });

  it("tracks follow status through follow, block and unblock", async () => {
    const { channel } = await arrangeChannel(running.control);
    const userId = await addUser(running.control, channel.channelId, "Riku");
    const status = async () =>
      (await running.control.get<{ followStatus: FollowStatus }>(`/users/${userId}`)).body
        .followStatus;
    expect(await status()).toBe("none");
    expect((await running.control.post(`/users/${userId}/follow`)).status).toBe(202);
    expect(await status()).toBe("following");
    expect((await running.control.post(`/users/${userId}/unfollow`)).status).toBe(202);
    expect(await status()).toBe("blocked");
    expect((await running.control.post(`/users/${userId}/follow`)).status).toBe(202);
    expect(await status()).toBe("following");
  });

  it("refuses to unfollow a non-friend, follow twice, or write without being a friend", async () => {
    const { channel } = await arrangeChannel(running.control);
    const userId = await addUser(running.control, channel.channelId, "Nao");
    const unfollow = await running.control.post(`/users/${userId}/unfollow`);
    expect(unfollow.status).toBe(409);
    expect(unfollow.body).toMatchObject({ error: { code: "not_following" } });
    const write = await running.control.post(`/users/${userId}/messages`, { text: "hi" });
    expect(write.status).toBe(409);
    await running.control.post(`/users/${userId}/follow`);
    expect((await running.control.post(`/users/${userId}/follow`)).status).toBe(409);
    await running.control.post(`/users/${userId}/unfollow`);
    expect((await running.control.post(`/users/${userId}/messages`, { text: "hi" })).status).toBe(
      409,
    );
  });

  it("answers 404 for an unknown user", async () => {
    const response = await running.control.post(`/users/U${"0".repeat(32)}/follow`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: "user_not_found" } });
  });
});

describe("control API: received messages", () => {
  it("lists what a user received, in order, and everything the channel sent", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 2 });
    const client = sdkClient(running.baseURL, channel);
    await client.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "first" }] });
    await client.multicast({ to: friends, messages: [{ type: "text", text: "second" }] });

    type Received = { messages: { userId: string; via: string; message: { text: string } }[] };
    const mine = await running.control.get<Received>(
      `/channels/${channel.channelId}/received?userId=${friends[0]}`,
    );
    expect(mine.body.messages.map((m) => [m.via, m.message.text])).toEqual([
      ["push", "first"],
      ["multicast", "second"],
    ]);
    const all = await running.control.get<Received & { total: number }>(
      `/channels/${channel.channelId}/received`,
    );
    expect(all.body.total).toBe(3);
    expect(all.body.messages.map((m) => [m.userId, m.message.text])).toEqual([
      [friends[0], "first"],
      [friends[0], "second"],
      [friends[1], "second"],
    ]);
  });
});
