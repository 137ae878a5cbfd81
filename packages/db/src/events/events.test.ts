import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { aChannel, aFriend } from "../friends/builders.ts";
import { aMemberWith } from "../segments/builders.ts";
import { testDatabaseKinds } from "../testing.ts";
import { storeEvents } from "./events.ts";

describe.each(testDatabaseKinds())("events on $name", (kind) => {
  let database: Database;
  let memberId: string;
  let linkedMember: string;
  const LINKED_USER = `U${"a".repeat(32)}`;
  const STRANGER = `U${"b".repeat(32)}`;

  beforeAll(async () => {
    database = await kind.create();
    memberId = await aMemberWith(database.db, { externalId: "M-1" });
    linkedMember = await aMemberWith(database.db, { externalId: "M-2" });
    const channel = await aChannel(database.db);
    await aFriend(database.db, channel, { lineUserId: LINKED_USER, memberId: linkedMember });
  });
  afterAll(() => database?.close());

  const stored = () =>
    database.db
      .selectFrom("events")
      .select(["member_id", "line_user_id", "type", "event_id", "properties"])
      .select(sql<string>`tableoid::regclass::text`.as("partition"))
      .orderBy("id")
      .execute();

  it("names each event's member, by external id or through the LINE user's link", async () => {
    const at = new Date("2024-06-10T03:00:00Z");
    const outcomes = await storeEvents(
      database.db,
      [
        { externalId: "M-1", type: "purchase", occurredAt: at, properties: { amount: 5800 } },
        { lineUserId: LINKED_USER, type: "cart", occurredAt: at, properties: {} },
        { lineUserId: STRANGER, type: "visit", occurredAt: at, properties: {} },
        { externalId: "M-404", type: "purchase", occurredAt: at, properties: {} },
      ],
      null,
    );
    expect(outcomes).toEqual(["accepted", "accepted", "accepted", "unknown_member"]);
    expect(await stored()).toEqual([
      expect.objectContaining({ member_id: memberId, line_user_id: null, type: "purchase" }),
      expect.objectContaining({ member_id: linkedMember, line_user_id: LINKED_USER, type: "cart" }),
      expect.objectContaining({ member_id: null, line_user_id: STRANGER, type: "visit" }),
    ]);
  });

  it("puts each event in its month's partition, making the partition of a month long past", async () => {
    await database.db.deleteFrom("events").execute();
    const old = new Date("2021-03-15T00:00:00Z");
    const recent = new Date("2024-07-02T12:00:00Z");
    await storeEvents(
      database.db,
      [
        { externalId: "M-1", type: "purchase", occurredAt: old, properties: {} },
        { externalId: "M-1", type: "purchase", occurredAt: recent, properties: {} },
      ],
      null,
    );
    const partitions = (await stored()).map((row) => row.partition);
    expect(partitions).toEqual(["events_202103", "events_202407"]);
    const inDefault = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM events_default`.execute(database.db);
    expect(inDefault.rows[0]!.n).toBe(0);
  });

  it("makes a new month's partition once when two batches race for it", async () => {
    const at = new Date("2019-11-11T11:11:11Z");
    const batch = [{ externalId: "M-1", type: "visit", occurredAt: at, properties: {} }];
    await Promise.all([
      storeEvents(database.db, batch, null),
      storeEvents(database.db, batch, null),
    ]);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events_201911`.execute(
      database.db,
    );
    expect(rows.rows[0]!.n).toBe(2);
  });

  it("drops an event sent again with its id, in another batch or the same one", async () => {
    const at = new Date("2024-06-20T00:00:00Z");
    const event = {
      externalId: "M-1",
      type: "purchase",
      occurredAt: at,
      properties: {},
      eventId: "order-77",
    };
    expect(await storeEvents(database.db, [event, event], null)).toEqual(["accepted", "duplicate"]);
    expect(await storeEvents(database.db, [event], null)).toEqual(["duplicate"]);
    const count = await database.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("event_id", "=", "order-77")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
