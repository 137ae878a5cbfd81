import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Worker } from "@kizuna/worker";
import { messagingApi } from "@line/bot-sdk";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  control,
  eventually,
  richMenuImage,
  type Stack,
  stackWorker,
  startStack,
} from "./harness.ts";

const kind = testDatabaseKinds().at(-1)!;
/** The worker's rich-menu cache, shortened from a minute so a test can outlive it. */
const CACHE_MS = 15_000;
/** How long attribution waits for LINE (rich-menu-taps.ts). */
const LINE_WAIT_MS = 5_000;

describe(`rich-menu taps and the LINE calls behind them, on ${kind.name}`, () => {
  let stack: Stack;
  let worker: Worker;
  let line: Awaited<ReturnType<typeof startLineProxy>>;
  let api: messagingApi.MessagingApiClient;
  let userId = "";
  let friendId = "";
  const menus = { shop: "", reserve: "" };

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false });
    // The worker reaches LINE through a proxy that counts its rich-menu calls and can stall them.
    line = await startLineProxy(stack.emulatorUrl);
    await stack.database.db
      .updateTable("channels")
      .set({ api_base_url: line.url })
      .where("id", "=", stack.channel.id)
      .execute();
    worker = await stackWorker(stack, {
      opens: false,
      richMenuCacheMs: CACHE_MS,
    });
    userId = await stack.addUser("花子");
    await stack.act(userId, "follow");
    friendId = await eventually(
      async () =>
        (
          await stack.database.db
            .selectFrom("friends")
            .select("id")
            .where("channel_id", "=", stack.channel.id)
            .executeTakeFirst()
        )?.id,
      15_000,
      "花子 as a friend",
    );
    const options = {
      channelAccessToken: stack.lineChannel.channelAccessToken,
      baseURL: stack.emulatorUrl,
    };
    api = new messagingApi.MessagingApiClient(options);
    menus.shop = await createMenu(options, "ショップ", [{ label: "クーポン", data: "coupon" }]);
    await api.setDefaultRichMenu(menus.shop);
  });
  afterAll(async () => {
    await worker?.stop();
    await line?.close();
    await stack?.stop();
  });

  const postback = (data: string) =>
    control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/postback`, { data });
  const tap = () =>
    control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/rich-menu/tap`, {
      areaIndex: 0,
    });

  /** 花子's timeline rows of a kind, oldest first. */
  async function timeline(kind: "postback" | "message_received") {
    const rows = await stack.database.db
      .selectFrom("friend_timeline")
      .select("detail")
      .where("friend_id", "=", friendId)
      .where("kind", "=", kind)
      .orderBy("occurred_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => row.detail as Record<string, unknown>);
  }
  const postbacksWith = async (data: string) =>
    (await timeline("postback")).filter((detail) => detail.data === data);
  const rowsOf = (data: string, count: number) =>
    eventually(
      async () => {
        const rows = await postbacksWith(data);
        return rows.length >= count ? rows : undefined;
      },
      15_000,
      `${count} postbacks of ${data}`,
    );

  /**
   * Sends a message and waits for it on the timeline: the worker handles batches one after the
   * other, so every earlier batch is done with LINE by then.
   */
  async function settled(text: string, ms = 15_000) {
    await stack.act(userId, "messages", { text });
    await eventually(
      async () =>
        (await timeline("message_received")).some((detail) => detail.text === text)
          ? true
          : undefined,
      ms,
      `message ${text}`,
    );
  }

  /** The webhook event of each postback sending `data`: processed once, without an error. */
  const eventsOf = (data: string) =>
    stack.database.db
      .selectFrom("webhook_events")
      .select(["processed_at", "attempts", "last_error"])
      .where("channel_id", "=", stack.channel.id)
      .where("event_type", "=", "postback")
      .where(sql<string>`payload->'postback'->>'data'`, "=", data)
      .execute();

  it("asks LINE for the menus once, however many batches carry a postback no menu sends", async () => {
    const before = line.lists.length;
    // A quick reply's answer, five times, each in a batch of its own.
    for (let i = 1; i <= 5; i++) {
      await postback("answer=yes");
      await rowsOf("answer=yes", i);
    }
    await settled("5回答えました");
    const lists = line.lists.slice(before);
    expect(lists).toHaveLength(1);
    // Else the cache expired on the way and a second call would have been right.
    expect(Date.now() - lists[0]!).toBeLessThan(CACHE_MS);
    expect(await postbacksWith("answer=yes")).toEqual(
      Array.from({ length: 5 }, () => ({ data: "answer=yes" })),
    );
  });

  it("names a menu made since that sends the same data, once the cache period is over", async () => {
    const options = {
      channelAccessToken: stack.lineChannel.channelAccessToken,
      baseURL: stack.emulatorUrl,
    };
    menus.reserve = await createMenu(options, "予約", [{ label: "予約する", data: "answer=yes" }]);
    await api.linkRichMenuIdToUser(userId, menus.reserve);
    const calls = line.lists.length;

    // Within the period the data is still known to send no area: LINE is not asked.
    await tap();
    await rowsOf("answer=yes", 6);
    await settled("まだ覚えています");
    expect(line.lists).toHaveLength(calls);
    expect((await postbacksWith("answer=yes"))[5]).toEqual({ data: "answer=yes" });

    const expired = line.lists.at(-1)! + CACHE_MS + 500;
    await new Promise((resolve) => setTimeout(resolve, expired - Date.now()));
    await tap();
    const named = await eventually(
      async () => {
        const rows = await postbacksWith("answer=yes");
        return rows[6]?.richMenuId ? rows : undefined;
      },
      15_000,
      "the tap on 予約 named",
    );
    expect(named).toHaveLength(7);
    expect(named[6]).toEqual({
      data: "answer=yes",
      richMenuId: menus.reserve,
      richMenuName: "予約",
      area: "予約する",
    });
    expect(line.lists).toHaveLength(calls + 1);
  }, 60_000);

  for (const fault of ["hang", "drop"] as const) {
    const what = fault === "hang" ? "never answers" : "drops the connection";
    it(`writes a postback plain and at once, processed once, while LINE ${what}`, async () => {
      line.fault = fault;
      try {
        const data = `answer=${fault}`;
        const asked = line.lists.length;
        const sent = Date.now();
        // Data no cached menu sends and none was found not to: the worker asks LINE.
        await postback(data);
        expect(await rowsOf(data, 1)).toEqual([{ data }]);
        expect(Date.now() - sent).toBeLessThan(LINE_WAIT_MS);
        // Webhook processing does not wait for LINE: the next batch goes on meanwhile.
        await settled(`${fault}のあと`, LINE_WAIT_MS);
        // LINE was asked (after the run before it gave up, at most its limit later).
        await eventually(
          async () => (line.lists.length > asked ? true : undefined),
          2 * LINE_WAIT_MS + 3_000,
          `LINE asked about ${data}`,
        );
        expect(await postbacksWith(data)).toEqual([{ data }]);
        const events = await eventsOf(data);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ attempts: 1, last_error: null });
        expect(events[0]!.processed_at).not.toBeNull();
      } finally {
        line.fault = null;
      }
    });
  }

  it("names taps as before once LINE is back", async () => {
    await api.unlinkRichMenuIdFromUser(userId);
    await tap();
    const rows = await eventually(
      async () => {
        const found = await postbacksWith("coupon");
        return found[0]?.richMenuId ? found : undefined;
      },
      15_000,
      "the coupon tap named",
    );
    expect(rows).toEqual([
      { data: "coupon", richMenuId: menus.shop, richMenuName: "ショップ", area: "クーポン" },
    ]);
  });

  it("names a tab switch after the tab it was tapped on, not the tab LINE switched to", async () => {
    const options = {
      channelAccessToken: stack.lineChannel.channelAccessToken,
      baseURL: stack.emulatorUrl,
    };
    // Two tabs, each with both switches: the data of a switch is on every tab.
    const tabs = [
      { label: "お知らせ", data: "tab=news", richMenuAliasId: "tab-news" },
      { label: "会員", data: "tab=members", richMenuAliasId: "tab-members" },
    ];
    const news = await createMenu(options, "タブ・お知らせ", tabs, "richmenuswitch");
    const members = await createMenu(options, "タブ・会員", tabs, "richmenuswitch");
    await api.createRichMenuAlias({ richMenuAliasId: "tab-news", richMenuId: news });
    await api.createRichMenuAlias({ richMenuAliasId: "tab-members", richMenuId: members });
    await api.linkRichMenuIdToUser(userId, news);

    // On お知らせ, 会員's tab: the chat shows 会員 before the webhook arrives, while the menu
    // linked to 花子 (what LINE answers for her) stays お知らせ.
    const switched = await tapAt(1);
    expect(switched).toMatchObject({
      richMenuSwitch: { richMenuAliasId: "tab-members", status: "SUCCESS" },
    });
    const toMembers = await namedRowsOf("tab=members", 1);
    expect(toMembers).toEqual([
      { data: "tab=members", richMenuId: news, richMenuName: "タブ・お知らせ", area: "会員" },
    ]);

    // And back, from 会員: her linked menu, お知らせ, is not where she tapped.
    await tapAt(0);
    expect(await namedRowsOf("tab=news", 1)).toEqual([
      { data: "tab=news", richMenuId: members, richMenuName: "タブ・会員", area: "お知らせ" },
    ]);
  });

  const tapAt = (areaIndex: number) =>
    control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/rich-menu/tap`, { areaIndex });
  const namedRowsOf = (data: string, count: number) =>
    eventually(
      async () => {
        const rows = await postbacksWith(data);
        return rows.length >= count && rows.every((row) => row.richMenuId) ? rows : undefined;
      },
      15_000,
      `${count} named postbacks of ${data}`,
    );
});

/** A menu with one postback (or switch) area per entry, and the image LINE needs to show it. */
async function createMenu(
  options: { channelAccessToken: string; baseURL: string },
  name: string,
  areas: { label: string; data: string; richMenuAliasId?: string }[],
  type: "postback" | "richmenuswitch" = "postback",
): Promise<string> {
  const api = new messagingApi.MessagingApiClient(options);
  const width = Math.floor(2500 / areas.length);
  const { richMenuId } = await api.createRichMenu({
    size: { width: 2500, height: 843 },
    selected: true,
    name,
    chatBarText: name,
    areas: areas.map((area, i) => ({
      bounds: { x: i * width, y: 0, width, height: 843 },
      action: { type, ...area } as messagingApi.Action,
    })),
  });
  await new messagingApi.MessagingApiBlobClient(options).setRichMenuImage(
    richMenuId,
    richMenuImage(),
  );
  return richMenuId;
}

/**
 * LINE as the worker reaches it: the emulator behind a real HTTP server that records when the
 * rich menus were listed and, while `fault` is set, leaves rich-menu requests unanswered
 * ("hang") or drops their connection ("drop"). Other requests pass.
 */
async function startLineProxy(target: string) {
  const state = { fault: null as "hang" | "drop" | null, lists: [] as number[] };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = request.url ?? "/";
    if (url === "/v2/bot/richmenu/list") state.lists.push(Date.now());
    if (url.includes("richmenu") && state.fault === "hang") return;
    if (url.includes("richmenu") && state.fault === "drop") {
      request.socket.destroy();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
      ),
    );
    const upstream = await fetch(new URL(url, target), {
      method: request.method ?? "GET",
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    response.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
