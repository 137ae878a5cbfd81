import { type Database, listTimeline, storeWebhookEvents } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWebhookEvents } from "./process-events.ts";

describe.each(testDatabaseKinds())("webhook events into friends and timelines on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let counter = 0;

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "500",
        name: "Shop",
        secret_enc: "s",
        access_token_enc: "t",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
  });
  afterAll(() => database?.close());

  const at = (minute: number) => Date.UTC(2024, 4, 1, 12, minute);
  function event(userId: string, minute: number, type: string, extra: object = {}) {
    counter += 1;
    return {
      type,
      mode: "active",
      timestamp: at(minute),
      webhookEventId: `01HEVENT${String(counter).padStart(18, "0")}`,
      source: { type: "user", userId },
      deliveryContext: { isRedelivery: false },
      ...extra,
    };
  }
  async function deliver(...events: ReturnType<typeof event>[]) {
    await storeWebhookEvents(
      database.db,
      channelId,
      events.map((e) => ({
        webhookEventId: e.webhookEventId,
        type: e.type,
        occurredAt: new Date(e.timestamp),
        payload: e,
      })),
    );
    while (await processWebhookEvents(database.db)) {}
  }
  async function friend(userId: string) {
    return database.db
      .selectFrom("friends")
      .selectAll()
      .where("line_user_id", "=", userId)
      .executeTakeFirstOrThrow();
  }
  async function timeline(userId: string) {
    const page = await listTimeline(database.db, {
      friendId: (await friend(userId)).id,
      limit: 50,
    });
    return page!.items
      .map((item) => ({ kind: item.kind, at: item.occurredAt.getTime(), detail: item.detail }))
      .reverse();
  }

  it("writes follows, messages, postbacks, blocks and returns to the timeline, from one batch", async () => {
    await deliver(
      event("U-one", 0, "follow", { follow: { isUnblocked: false } }),
      event("U-one", 1, "message", {
        message: { id: "m1", type: "text", text: "こんにちは", quoteToken: "q" },
      }),
      event("U-one", 2, "postback", { postback: { data: "action=coupon" } }),
      event("U-one", 3, "unfollow"),
      event("U-one", 4, "follow", { follow: { isUnblocked: true } }),
    );
    expect(await timeline("U-one")).toEqual([
      { kind: "followed", at: at(0), detail: {} },
      {
        kind: "message_received",
        at: at(1),
        detail: { id: "m1", type: "text", text: "こんにちは" },
      },
      { kind: "postback", at: at(2), detail: { data: "action=coupon" } },
      { kind: "blocked", at: at(3), detail: {} },
      { kind: "unblocked", at: at(4), detail: {} },
    ]);
    expect(await friend("U-one")).toMatchObject({
      status: "following",
      blocked_at: null,
      followed_at: new Date(at(0)),
    });
  });

  it("keeps the newest status when an older event is processed later, and still records it", async () => {
    await deliver(event("U-two", 10, "follow"));
    await deliver(event("U-two", 20, "unfollow"));
    await deliver(event("U-two", 15, "follow"));
    expect(await friend("U-two")).toMatchObject({
      status: "blocked",
      blocked_at: new Date(at(20)),
    });
    expect((await timeline("U-two")).map((e) => [e.kind, e.at])).toEqual([
      ["followed", at(10)],
      ["unblocked", at(15)],
      ["blocked", at(20)],
    ]);
  });

  it("makes a friend of someone who writes without a follow Kizuna saw", async () => {
    await deliver(
      event("U-three", 30, "message", {
        message: { id: "m2", type: "sticker", packageId: "1", stickerId: "2" },
      }),
    );
    expect(await friend("U-three")).toMatchObject({ status: "following" });
    expect(await timeline("U-three")).toEqual([
      {
        kind: "message_received",
        at: at(30),
        detail: { id: "m2", type: "sticker", packageId: "1", stickerId: "2" },
      },
    ]);
    // A later follow (LINE says: not a return) is the first follow Kizuna sees.
    await deliver(event("U-three", 31, "follow", { follow: { isUnblocked: false } }));
    expect((await timeline("U-three")).map((e) => e.kind)).toEqual([
      "message_received",
      "followed",
    ]);
  });

  it("applies a batch of a hundred and fifty follows at once", async () => {
    const users = Array.from({ length: 150 }, (_, i) => `U-many-${i}`);
    await deliver(...users.map((u, i) => event(u, 40 + (i % 5), "follow")));
    const rows = await database.db
      .selectFrom("friend_timeline")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("kind", "=", "followed")
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBeGreaterThanOrEqual(150);
  });
});
