import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  acquireSenderLease,
  channelsToSend,
  releaseSenderLease,
  renewSenderLease,
} from "./lease.ts";

describe.each(testDatabaseKinds())("a channel's sender lease on $name", (kind) => {
  let database: Database;
  let channelId: string;

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "1000000001",
        name: "Lease",
        secret_enc: "x",
        access_token_enc: "x",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
  });
  afterAll(() => database?.close());

  it("has one holder at a time, renewed by it alone", async () => {
    const { db } = database;
    expect(await acquireSenderLease(db, channelId, "worker-a", 60_000)).toBe(true);
    expect(await acquireSenderLease(db, channelId, "worker-b", 60_000)).toBe(false);
    expect(await acquireSenderLease(db, channelId, "worker-a", 60_000)).toBe(true);
    expect(await renewSenderLease(db, channelId, "worker-a", 60_000)).toBe(true);
    expect(await renewSenderLease(db, channelId, "worker-b", 60_000)).toBe(false);
  });

  it("passes to another worker when its holder stops renewing, and the old holder cannot renew", async () => {
    const { db } = database;
    await db
      .updateTable("channel_senders")
      .set({ lease_until: new Date(Date.now() - 1000) })
      .where("channel_id", "=", channelId)
      .execute();
    expect(await acquireSenderLease(db, channelId, "worker-b", 60_000)).toBe(true);
    expect(await renewSenderLease(db, channelId, "worker-a", 60_000)).toBe(false);
  });

  it("is free for anyone once released", async () => {
    const { db } = database;
    await releaseSenderLease(db, channelId, "worker-a"); // not the holder: no effect
    expect(await acquireSenderLease(db, channelId, "worker-c", 60_000)).toBe(false);
    await releaseSenderLease(db, channelId, "worker-b");
    expect(await acquireSenderLease(db, channelId, "worker-c", 60_000)).toBe(true);
  });

  it("offers only channels with campaigns due whose lease another worker does not hold", async () => {
    const { db } = database;
    await db
      .insertInto("campaigns")
      .values({ channel_id: channelId, messages: "[]", status: "queued" })
      .execute();
    expect(await channelsToSend(db, "worker-c")).toEqual([channelId]);
    expect(await channelsToSend(db, "worker-d")).toEqual([]);
  });
});
