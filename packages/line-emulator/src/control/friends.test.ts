import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { messagingApi } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinkOpen } from "../state/engagement.ts";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  sdkClient,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";
import { encodePng } from "../users-api/png.ts";

let running: Running;
let bot: WebhookReceiver;
let channel: Channel;
let userId: string;

beforeEach(async () => {
  bot = await startWebhookReceiver();
  running = await startEmulator();
  const arranged = await arrangeChannel(running.control, { webhookUrl: bot.url, friends: 1 });
  channel = arranged.channel;
  userId = arranged.friends[0]!;
  await eventually(() => bot.requests.length === 1, "the follow event");
});
afterEach(async () => {
  await running.close();
  await bot.close();
});

/** The next webhook event after `count` requests. */
async function nextEvent(count: number): Promise<Record<string, unknown>> {
  const request = await eventually(() => bot.requests[count], "a webhook");
  return request.body.events[0]!;
}

async function push(messages: messagingApi.Message[]): Promise<string[]> {
  const { sentMessages } = await sdkClient(running.baseURL, channel).pushMessage({
    to: userId,
    messages,
  });
  return sentMessages.map((sent) => sent.id);
}

const buttons: messagingApi.Message = {
  type: "template",
  altText: "Lunch",
  template: {
    type: "buttons",
    text: "What would you like?",
    actions: [
      { type: "postback", label: "Pasta", data: "lunch=pasta", displayText: "Pasta, please" },
      { type: "postback", label: "Curry", data: "lunch=curry" },
      {
        type: "datetimepicker",
        label: "Book",
        data: "book",
        mode: "date",
        min: "2026-01-01",
        max: "2026-12-31",
      },
    ],
  },
  quickReply: {
    items: [
      { type: "action", action: { type: "message", label: "Yes", text: "Yes!" } },
      { type: "action", action: { type: "camera", label: "Photo" } },
      { type: "action", action: { type: "location", label: "Where" } },
    ],
  },
};

describe("a friend taps what the bot sent", () => {
  it("taps a template button by its path or its label; the display text shows in the chat", async () => {
    const [messageId] = await push([buttons]);
    const before = bot.requests.length;
    const tapped = await running.control.post(`/users/${userId}/tap`, {
      messageId,
      path: "template.actions[0]",
    });
    expect(tapped.status).toBe(202);
    expect(await nextEvent(before)).toMatchObject({
      type: "postback",
      postback: { data: "lunch=pasta" },
    });
    const byLabel = await running.control.post(`/users/${userId}/tap`, {
      messageId,
      label: "Curry",
    });
    expect(byLabel.body).toMatchObject({ path: "template.actions[1]" });
    expect(await nextEvent(before + 1)).toMatchObject({ postback: { data: "lunch=curry" } });

    const { body: chat } = await running.control.get<
      { side: string; message: { type: string; text?: string } }[]
    >(`/users/${userId}/chat`);
    expect(chat.map((item) => [item.side, item.message.text ?? item.message.type])).toEqual([
      ["bot", "template"],
      ["friend", "Pasta, please"],
    ]);
  });

  it("answers 404 for a message or action that is not there", async () => {
    const [messageId] = await push([buttons]);
    const nowhere = await running.control.post(`/users/${userId}/tap`, {
      messageId,
      path: "template.actions[9]",
    });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toMatchObject({ error: { code: "action_not_found" } });
    const unknown = await running.control.post(`/users/${userId}/tap`, {
      messageId: "1",
      label: "x",
    });
    expect(unknown.body).toMatchObject({ error: { code: "message_not_found" } });
  });

  it("picks a date inside the picker's range only", async () => {
    const [messageId] = await push([buttons]);
    const outside = await running.control.post(`/users/${userId}/tap`, {
      messageId,
      label: "Book",
      params: { date: "2027-01-01" },
    });
    expect(outside.status).toBe(400);
    const before = bot.requests.length;
    await running.control.post(`/users/${userId}/tap`, {
      messageId,
      label: "Book",
      params: { date: "2026-07-07" },
    });
    expect(await nextEvent(before)).toMatchObject({
      postback: { data: "book", params: { date: "2026-07-07" } },
    });
  });

  it("sends what quick replies send: a text, a photo, a location", async () => {
    const [messageId] = await push([buttons]);
    const before = bot.requests.length;
    await running.control.post(`/users/${userId}/tap`, { messageId, label: "Yes" });
    await running.control.post(`/users/${userId}/tap`, {
      messageId,
      path: "quickReply.items[1].action",
    });
    await running.control.post(`/users/${userId}/tap`, {
      messageId,
      label: "Where",
      location: { title: "Home", latitude: 35, longitude: 139 },
    });
    await eventually(() => bot.requests.length === before + 3, "three messages");
    const messages = bot.requests.slice(before).map((r) => r.body.events[0]!.message);
    expect(messages).toEqual([
      expect.objectContaining({ type: "text", text: "Yes!" }),
      expect.objectContaining({ type: "image", contentProvider: { type: "line" } }),
      expect.objectContaining({ type: "location", title: "Home", latitude: 35 }),
    ]);
    // The bot can download the photo the friend took.
    const photo = messages[1] as { id: string };
    const blob = new messagingApi.MessagingApiBlobClient({
      channelAccessToken: channel.channelAccessToken,
      baseURL: running.baseURL,
    });
    const content = await blob.getMessageContentWithHttpInfo(photo.id);
    expect(content.httpResponse.headers.get("content-type")).toBe("image/png");
  });

  it("unsends once, then the message is gone", async () => {
    const { body } = await running.control.post<{ messageId: string }>(
      `/users/${userId}/messages`,
      {
        text: "wrong chat",
      },
    );
    expect(
      (await running.control.post(`/users/${userId}/unsend`, { messageId: body.messageId })).status,
    ).toBe(202);
    const again = await running.control.post(`/users/${userId}/unsend`, {
      messageId: body.messageId,
    });
    expect(again.status).toBe(404);
    const { body: chat } = await running.control.get<{ unsent: boolean }[]>(
      `/users/${userId}/chat`,
    );
    expect(chat).toEqual([expect.objectContaining({ side: "friend", unsent: true })]);
  });

  it("reads what arrived since the last read", async () => {
    await push([
      { type: "text", text: "one" },
      { type: "text", text: "two" },
    ]);
    expect((await running.control.post(`/users/${userId}/read`)).body).toEqual({
      read: 2,
      total: 2,
    });
    expect((await running.control.post(`/users/${userId}/read`)).body).toEqual({
      read: 0,
      total: 2,
    });
  });
});

describe("a friend opens a link", () => {
  let site: Server;
  afterEach(() => {
    site.closeAllConnections();
    site.close();
  });

  it("follows redirects like LINE's browser and records where it ended", async () => {
    const seen: string[] = [];
    site = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers["user-agent"]}`);
      if (request.url === "/t/abc") response.writeHead(301, { location: "/go" }).end();
      else if (request.url === "/go")
        response.writeHead(302, { location: "/shop?from=line" }).end();
      else response.writeHead(200).end("shop");
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const [messageId] = await push([{ type: "text", text: `Sale: ${origin}/t/abc` }]);

    const { body } = await running.control.post<LinkOpen>(`/users/${userId}/open-link`, {
      url: `${origin}/t/abc`,
      messageId,
    });
    expect(body).toMatchObject({
      url: `${origin}/t/abc`,
      finalUrl: `${origin}/shop?from=line`,
      status: 200,
      redirects: 2,
      messageId,
      requestId: expect.any(String),
    });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(/^\/t\/abc Mozilla\/5\.0 \(iPhone.* Line\//);
    const { body: log } = await running.control.get<LinkOpen[]>(
      `/channels/${channel.channelId}/link-opens`,
    );
    expect(log).toEqual([body]);
  });

  it("records an unreachable link as an error without failing", async () => {
    site = createServer();
    const { body } = await running.control.post<LinkOpen>(`/users/${userId}/open-link`, {
      url: "http://127.0.0.1:9/nowhere",
    });
    expect(body).toMatchObject({ status: "error", finalUrl: "http://127.0.0.1:9/nowhere" });
  });
});

describe("rich menus", () => {
  it("taps an area of the menu the chat shows, and a switch action shows another menu", async () => {
    const client = sdkClient(running.baseURL, channel);
    const blob = new messagingApi.MessagingApiBlobClient({
      channelAccessToken: channel.channelAccessToken,
      baseURL: running.baseURL,
    });
    const image = new Blob(
      [new Uint8Array(encodePng(800, 270, Buffer.alloc(800 * 270 * 3, 200)))],
      {
        type: "image/png",
      },
    );
    const menu = (data: string) => ({
      size: { width: 800, height: 270 },
      selected: true,
      name: data,
      chatBarText: "Menu",
      areas: [
        {
          bounds: { x: 0, y: 0, width: 400, height: 270 },
          action: { type: "postback" as const, data },
        },
        {
          bounds: { x: 400, y: 0, width: 400, height: 270 },
          action: { type: "richmenuswitch" as const, richMenuAliasId: "tab-b", data: "to-b" },
        },
      ],
    });
    const a = await client.createRichMenu(menu("tab-a"));
    const b = await client.createRichMenu(menu("tab-b"));
    await blob.setRichMenuImage(a.richMenuId, image);
    await blob.setRichMenuImage(b.richMenuId, image);
    await client.createRichMenuAlias({ richMenuAliasId: "tab-b", richMenuId: b.richMenuId });
    await client.setDefaultRichMenu(a.richMenuId);

    const before = bot.requests.length;
    await running.control.post(`/users/${userId}/rich-menu/tap`, { x: 100, y: 100 });
    expect(await nextEvent(before)).toMatchObject({ postback: { data: "tab-a" } });
    const switched = await running.control.post(`/users/${userId}/rich-menu/tap`, { areaIndex: 1 });
    expect(switched.body).toMatchObject({
      richMenuId: a.richMenuId,
      richMenuSwitch: { richMenuAliasId: "tab-b", status: "SUCCESS" },
    });
    expect(await nextEvent(before + 1)).toMatchObject({
      postback: { data: "to-b", params: { newRichMenuAliasId: "tab-b", status: "SUCCESS" } },
    });
    const after = await running.control.post(`/users/${userId}/rich-menu/tap`, { x: 10, y: 10 });
    expect(after.body).toMatchObject({ richMenuId: b.richMenuId });

    const without = await arrangeChannel(running.control, { friends: 1 });
    const none = await running.control.post(`/users/${without.friends[0]}/rich-menu/tap`, {
      x: 1,
      y: 1,
    });
    expect(none.body).toMatchObject({ error: { code: "no_rich_menu" } });
  });
});

describe("many friends at once", () => {
  it("makes existing users follow, skipping friends and strangers to the channel", async () => {
    const { body: created } = await running.control.post<{ userIds: string[] }>(
      `/channels/${channel.channelId}/users`,
      { count: 3 },
    );
    const { body } = await running.control.post(`/channels/${channel.channelId}/followers`, {
      userIds: [...created.userIds, userId, `U${"0".repeat(32)}`],
      silent: true,
    });
    expect(body).toEqual({
      followed: 3,
      unblocked: 0,
      alreadyFollowing: 1,
      unknownUserIds: [`U${"0".repeat(32)}`],
      webhookEvents: 0,
    });
  });

  it("creates 200,000 following friends in one call", async () => {
    const started = performance.now();
    const { status, body } = await running.control.post<{ userIds: string[]; followed: number }>(
      `/channels/${channel.channelId}/followers`,
      { count: 200_000, silent: true },
    );
    console.log(`200,000 silent follows: ${Math.round(performance.now() - started)} ms`);
    expect(status).toBe(201);
    expect(body.followed).toBe(200_000);
    const { body: user } = await running.control.get<{ followStatus: string }>(
      `/users/${body.userIds[199_999]}`,
    );
    expect(user.followStatus).toBe("following");
  });
});

describe("demographics", () => {
  it("derives stable attributes from the user ID and lets a script set them", async () => {
    const first = await running.control.get<Record<string, unknown>>(
      `/users/${userId}/demographics`,
    );
    expect(first.body).toEqual({
      gender: expect.toBeOneOf(["male", "female", null]),
      age: expect.toBeOneOf([null, expect.any(Number)]),
      area: expect.toBeOneOf([null, expect.stringMatching(/^jp_\d\d$/)]),
      appType: expect.toBeOneOf(["ios", "android", "others"]),
    });
    expect((await running.control.get(`/users/${userId}/demographics`)).body).toEqual(first.body);
    const set = await running.control.patch(`/users/${userId}/demographics`, {
      age: 34,
      area: "jp_27",
    });
    expect(set.body).toMatchObject({ age: 34, area: "jp_27", appType: first.body.appType });
    const bad = await running.control.patch(`/users/${userId}/demographics`, { area: "Osaka" });
    expect(bad.status).toBe(400);
  });

  it("takes null as unknown, as LINE reports a user who gave no age or area, and 0 as an age", async () => {
    const unknown = await running.control.patch(`/users/${userId}/demographics`, {
      age: null,
      area: null,
    });
    expect(unknown.body).toMatchObject({ age: null, area: null });
    const newborn = await running.control.patch(`/users/${userId}/demographics`, { age: 0 });
    expect(newborn.body).toMatchObject({ age: 0, area: null });
  });
});
