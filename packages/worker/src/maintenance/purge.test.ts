import { hashPassword } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpired } from "./purge.ts";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds())("purging on $name", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.create();
  });
  afterAll(() => database?.close());

  it("removes expired sessions and events processed over 30 days ago, and nothing else", async () => {
    const { db } = database;
    const now = new Date();
    const staff = await db
      .insertInto("staff_users")
      .values({ email: "a@example.jp", password_hash: await hashPassword("x"), role: "owner" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("staff_sessions")
      .values([
        {
          token_hash: "expired",
          staff_user_id: staff.id,
          csrf_token: "c",
          expires_at: new Date(now.getTime() - 1000),
        },
        {
          token_hash: "live",
          staff_user_id: staff.id,
          csrf_token: "c",
          expires_at: new Date(now.getTime() + DAY),
        },
      ])
      .execute();
    const channel = await db
      .insertInto("channels")
      .values({
        line_channel_id: "1",
        name: "c",
        secret_enc: "s",
        access_token_enc: "t",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const event = (id: string, processedDaysAgo: number | null) => ({
      channel_id: channel.id,
      webhook_event_id: id,
      event_type: "follow",
      occurred_at: new Date(now.getTime() - 40 * DAY),
      payload: "{}",
      processed_at:
        processedDaysAgo === null ? null : new Date(now.getTime() - processedDaysAgo * DAY),
    });
    await db
      .insertInto("webhook_events")
      .values([event("old", 31), event("recent", 29), event("unprocessed", null)])
      .execute();

    expect(await purgeExpired(db, now)).toEqual({ sessions: 1, events: 1 });
    const sessions = await db.selectFrom("staff_sessions").select("token_hash").execute();
    expect(sessions.map((s) => s.token_hash)).toEqual(["live"]);
    const events = await db
      .selectFrom("webhook_events")
      .select("webhook_event_id")
      .orderBy("webhook_event_id")
      .execute();
    expect(events.map((e) => e.webhook_event_id)).toEqual(["recent", "unprocessed"]);
  });
});
