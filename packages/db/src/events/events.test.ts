import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { aChannel, aFriend } from "../friends/builders.ts";
import { aMemberWith } from "../segments/builders.ts";
import { testDatabaseKinds } from "../testing.ts";
import { ensureEventPartitions, storeEvents } from "./events.ts";

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

  /** The per-friend rows as they should be: each friend's events, by LINE user or member. */
  const rowsFromEvents = () =>
    sql<Cell>`
      SELECT f.id::text AS friend, e.type, to_char(kizuna_day_in_japan(e.occurred_at), 'YYYY-MM-DD') AS day,
             count(*)::int AS events,
             coalesce(array_agg((e.properties ->> 'amount')::float8 ORDER BY (e.properties ->> 'amount')::float8)
               FILTER (WHERE jsonb_typeof(e.properties -> 'amount') = 'number'), '{}') AS amounts
      FROM friends f JOIN events e ON e.line_user_id = f.line_user_id OR e.member_id = f.member_id
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
      .execute(database.db)
      .then((result) => result.rows);
  const rows = () =>
    sql<Cell>`
      SELECT friend_id::text AS friend, type, to_char(day, 'YYYY-MM-DD') AS day, events,
             ARRAY(SELECT a::float8 FROM unnest(amounts) AS a ORDER BY 1) AS amounts
      FROM friend_event_days ORDER BY 1, 2, 3`
      .execute(database.db)
      .then((result) => result.rows);

  it("keeps each friend's daily event rows equal to its events through batches, follows, links and erasure", async () => {
    await database.db.deleteFrom("events").execute();
    expect(await rows()).toEqual([]);
    const channel = await database.db
      .selectFrom("friends")
      .select(["channel_id", "id"])
      .where("line_user_id", "=", LINKED_USER)
      .executeTakeFirstOrThrow();
    const linked = String(channel.id);
    const other = String(await aFriend(database.db, channel.channel_id));
    // 00:00 on 10 June in Japan is still 9 June in UTC.
    const midnight = new Date("2024-06-09T15:00:00Z");
    const justBefore = new Date(midnight.getTime() - 1);
    const purchase = (occurredAt: Date, amount: unknown, eventId?: string) => ({
      externalId: "M-1",
      type: "purchase",
      occurredAt,
      properties: { amount },
      eventId,
    });
    await storeEvents(
      database.db,
      [purchase(midnight, 5800, "o-1"), purchase(justBefore, 1200), purchase(midnight, "5000")],
      null,
    );
    await storeEvents(
      database.db,
      [
        purchase(midnight, 5800, "o-1"),
        purchase(midnight, 12000.5, "o-2"),
        { lineUserId: LINKED_USER, type: "purchase", occurredAt: midnight, properties: {} },
        { lineUserId: STRANGER, type: "visit", occurredAt: midnight, properties: {} },
      ],
      null,
    );
    // Only the linked friend's LINE user has events: M-1 and the stranger are no one's yet.
    expect(await rows()).toEqual([cell(linked, "purchase", "2024-06-10", 1, [])]);

    // The stranger follows; another friend links to M-1: their earlier events become theirs.
    const stranger = String(
      await aFriend(database.db, channel.channel_id, { lineUserId: STRANGER }),
    );
    await database.db
      .updateTable("friends")
      .set({ member_id: memberId })
      .where("id", "=", other)
      .execute();
    expect(await rows()).toEqual(
      [
        cell(linked, "purchase", "2024-06-10", 1, []),
        cell(stranger, "visit", "2024-06-10", 1, []),
        cell(other, "purchase", "2024-06-09", 1, [1200]),
        // The retry of o-1 adds nothing; "5000" is text, not an amount.
        cell(other, "purchase", "2024-06-10", 3, [5800, 12000.5]),
      ].sort(byKey),
    );
    expect(await rows()).toEqual(await rowsFromEvents());

    // A stranger's events erased, one corrected in place, a day of M-1's deleted.
    await database.db.deleteFrom("events").where("line_user_id", "=", STRANGER).execute();
    await database.db
      .updateTable("events")
      .set({ properties: JSON.stringify({ amount: 4999 }) })
      .where("event_id", "=", "o-2")
      .execute();
    await database.db
      .deleteFrom("events")
      .where("member_id", "=", memberId)
      .where("occurred_at", "<", midnight)
      .execute();
    expect(await rows()).toEqual(
      [
        cell(linked, "purchase", "2024-06-10", 1, []),
        cell(other, "purchase", "2024-06-10", 3, [4999, 5800]),
      ].sort(byKey),
    );
    expect(await rows()).toEqual(await rowsFromEvents());

    // Unlinked, the friend has none of the member's events; deleted, a friend has no rows.
    await database.db
      .updateTable("friends")
      .set({ member_id: null })
      .where("id", "=", other)
      .execute();
    await database.db.deleteFrom("friends").where("id", "=", stranger).execute();
    expect(await rows()).toEqual([cell(linked, "purchase", "2024-06-10", 1, [])]);
    expect(await rows()).toEqual(await rowsFromEvents());
  });

  // Two sessions at once need a server: PGlite runs one statement at a time.
  if (kind.name === "postgres")
    it("counts an event written while its LINE user follows or its member links, in either order", async () => {
      const { channel_id: channelId } = await database.db
        .selectFrom("friends")
        .select("channel_id")
        .where("line_user_id", "=", LINKED_USER)
        .executeTakeFirstOrThrow();
      const at = new Date("2024-07-01T03:00:00Z");
      // The month's partition first: a batch inside a transaction cannot make it.
      await ensureEventPartitions(database.db, [at]);
      const visit = (who: { lineUserId: string } | { externalId: string }) => ({
        ...who,
        type: "visit",
        occurredAt: at,
        properties: {},
      });
      /** Runs `first` in a transaction held open while `second` starts, then commits it. */
      const overlapping = async (
        first: (trx: typeof database.db) => Promise<unknown>,
        second: () => Promise<unknown>,
      ) => {
        let started!: () => void;
        const hasStarted = new Promise<void>((resolve) => {
          started = resolve;
        });
        let release!: () => void;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        const one = database.db.transaction().execute(async (trx) => {
          await first(trx);
          started();
          await released;
        });
        await hasStarted;
        const two = second();
        // Neither sees the other's rows until the first commits: whichever makes its rows last
        // must wait for it.
        await new Promise((resolve) => setTimeout(resolve, 200));
        release();
        await Promise.all([one, two]);
        expect(await rows()).toEqual(await rowsFromEvents());
      };
      const user = (n: number) => `U${String(n).padStart(32, "c")}`;
      // An event, then a follow of its LINE user before the event commits; and the other way.
      await overlapping(
        (trx) => storeEvents(trx, [visit({ lineUserId: user(1) })], null),
        () => aFriend(database.db, channelId, { lineUserId: user(1) }),
      );
      await overlapping(
        (trx) => aFriend(trx, channelId, { lineUserId: user(2) }),
        () => storeEvents(database.db, [visit({ lineUserId: user(2) })], null),
      );
      // The same with a member's event and a friend linking to that member.
      const member = await aMemberWith(database.db, { externalId: "M-race" });
      const friend = await aFriend(database.db, channelId, { lineUserId: user(3) });
      await overlapping(
        (trx) => storeEvents(trx, [visit({ externalId: "M-race" })], null),
        () =>
          database.db
            .updateTable("friends")
            .set({ member_id: member })
            .where("id", "=", friend)
            .execute(),
      );
      const visits = await rows();
      expect(visits.filter((row) => row.type === "visit").map((row) => row.friend)).toEqual(
        expect.arrayContaining([String(friend)]),
      );
      expect(visits.filter((row) => row.type === "visit")).toHaveLength(3);
    });

  if (kind.name === "postgres")
    it("lets a new friend's transaction wait for a friend another one is linking, without a deadlock", async () => {
      const { channel_id: channelId } = await database.db
        .selectFrom("friends")
        .select("channel_id")
        .where("line_user_id", "=", LINKED_USER)
        .executeTakeFirstOrThrow();
      const member = await aMemberWith(database.db, { externalId: "M-deadlock" });
      await storeEvents(
        database.db,
        [{ externalId: "M-deadlock", type: "visit", occurredAt: new Date(), properties: {} }],
        null,
      );
      const linking = await aFriend(database.db, channelId, { lineUserId: `U${"d".repeat(32)}` });
      let added!: () => void;
      const hasAdded = new Promise<void>((resolve) => {
        added = resolve;
      });
      let locked!: () => void;
      const hasLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // As a webhook batch: a new friend, then the row of a friend a member of staff is linking.
      const batch = database.db.transaction().execute(async (trx) => {
        await aFriend(trx, channelId, { lineUserId: `U${"e".repeat(32)}` });
        added();
        await hasLocked;
        await trx
          .selectFrom("friends")
          .select("id")
          .where("id", "=", linking)
          .forUpdate()
          .execute();
      });
      // As a link made by staff: the friend's row, then its member.
      const link = database.db.transaction().execute(async (trx) => {
        await hasAdded;
        await trx
          .selectFrom("friends")
          .select("id")
          .where("id", "=", linking)
          .forUpdate()
          .execute();
        await trx
          .updateTable("friends")
          .set({ member_id: member })
          .where("id", "=", linking)
          .execute();
        locked();
        // The batch now waits for this row; this transaction must not wait for the batch.
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
      await Promise.all([batch, link]);
      expect(await rows()).toEqual(await rowsFromEvents());
      expect((await rows()).filter((row) => row.friend === String(linking))).toHaveLength(1);
    });
});

interface Cell {
  friend: string;
  type: string;
  day: string;
  events: number;
  amounts: number[];
}

function cell(friend: string, type: string, day: string, events: number, amounts: number[]): Cell {
  return { friend, type, day, events, amounts };
}

/** Rows in the order the queries give them: by friend id as text, type and day. */
function byKey(a: Cell, b: Cell): number {
  const key = (c: Cell) => [c.friend, c.type, c.day].join("\u0000");
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
