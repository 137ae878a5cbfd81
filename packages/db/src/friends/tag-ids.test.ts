import type { FriendFilter } from "@kizuna/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import { aChannel, aFriend, aTag, tagFriend } from "./builders.ts";
import { bulkEditFriends } from "./bulk.ts";
import { resolveFriendFilter } from "./filter.ts";
import { listFriends } from "./friends.ts";
import { addFriendTags, deleteTag, removeFriendTags } from "./tags.ts";

// The list filters tags on friends.tag_ids (0011), which triggers on friend_tags keep in step
// with it: every way tags change must show in the list at once.
describe.each(testDatabaseKinds())("tag filters follow every tag change on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let vip: string;
  let sale: string;
  let friends: string[];

  beforeAll(async () => {
    database = await kind.create();
    channelId = await aChannel(database.db);
    vip = await aTag(database.db, channelId, "VIP");
    sale = await aTag(database.db, channelId, "セール");
    friends = [];
    for (let i = 0; i < 4; i++) friends.push(await aFriend(database.db, channelId));
  });
  afterAll(() => database?.close());

  async function listed(filter: FriendFilter): Promise<string[]> {
    const resolved = await resolveFriendFilter(database.db, channelId, filter);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    const page = await listFriends(database.db, resolved.filter, { limit: 50 });
    return page.friends.map((friend) => friend.id).sort();
  }
  const sorted = (ids: string[]) => [...ids].sort();

  /** Every friend's array holds exactly the tags friend_tags records for it. */
  async function expectArraysInStep(): Promise<void> {
    const drift = await sql<{ id: string }>`
      SELECT friends.id FROM friends
      LEFT JOIN (SELECT friend_id, array_agg(tag_id) AS ids FROM friend_tags GROUP BY friend_id) AS t
        ON t.friend_id = friends.id
      WHERE NOT (friends.tag_ids @> coalesce(t.ids, '{}') AND coalesce(t.ids, '{}') @> friends.tag_ids
                 AND cardinality(friends.tag_ids) = coalesce(cardinality(t.ids), 0))`.execute(
      database.db,
    );
    expect(drift.rows).toEqual([]);
  }

  it("shows tags added and removed on one friend", async () => {
    const [a, b] = friends as [string, string];
    await addFriendTags(database.db, {
      channelId,
      friendId: a,
      tagIds: [vip, sale],
      actor: "system",
    });
    await addFriendTags(database.db, { channelId, friendId: b, tagIds: [sale], actor: "system" });
    expect(await listed({ tags: [{ match: "all", tagIds: [vip, sale] }] })).toEqual([a]);
    expect(await listed({ tags: [{ match: "any", tagIds: [sale] }] })).toEqual(sorted([a, b]));

    await removeFriendTags(database.db, {
      channelId,
      friendId: a,
      tagIds: [sale],
      actor: "system",
    });
    expect(await listed({ tags: [{ match: "all", tagIds: [vip, sale] }] })).toEqual([]);
    expect(await listed({ tags: [{ match: "any", tagIds: [sale] }] })).toEqual([b]);
    expect(await listed({ tags: [{ match: "none", tagIds: [vip, sale] }] })).toEqual(
      sorted(friends.slice(2)),
    );
    await expectArraysInStep();
  });

  it("shows a bulk edit's tags on every friend it changed", async () => {
    const selection = async (filter: FriendFilter) => {
      const resolved = await resolveFriendFilter(database.db, channelId, filter);
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
      return { filter: resolved.filter };
    };
    await bulkEditFriends(database.db, {
      selection: await selection({}),
      operation: { kind: "add_tags", tagIds: [sale] },
      actor: "system",
    });
    expect(await listed({ tags: [{ match: "all", tagIds: [sale] }] })).toEqual(sorted(friends));

    await bulkEditFriends(database.db, {
      selection: await selection({ tags: [{ match: "none", tagIds: [vip] }] }),
      operation: { kind: "remove_tags", tagIds: [sale] },
      actor: "system",
    });
    expect(await listed({ tags: [{ match: "any", tagIds: [sale] }] })).toEqual([friends[0]]);
    await expectArraysInStep();
  });

  it("forgets a deleted tag on every friend who had it", async () => {
    const gone = await aTag(database.db, channelId, "終了キャンペーン");
    await tagFriend(database.db, friends[2]!, [gone, vip]);
    await tagFriend(database.db, friends[3]!, [gone]);
    await deleteTag(database.db, { channelId, tagId: gone, actor: "system" });
    await expectArraysInStep();
    expect(await listed({ tags: [{ match: "any", tagIds: [vip] }] })).toEqual(
      sorted([friends[0]!, friends[2]!]),
    );
  });

  it("forgets every tag when friend_tags is truncated", async () => {
    await sql`TRUNCATE friend_tags`.execute(database.db);
    await expectArraysInStep();
    expect(await listed({ tags: [{ match: "none", tagIds: [vip, sale] }] })).toHaveLength(
      (await listed({})).length,
    );
  });

  // Two sessions at once need a server: PGlite runs one statement at a time.
  if (kind.name === "postgres")
    it("keeps both tags when two transactions tag one friend at once", async () => {
      const friend = await aFriend(database.db, channelId);
      const first = await aTag(database.db, channelId);
      const second = await aTag(database.db, channelId);
      let firstTagged!: () => void;
      const firstHasTagged = new Promise<void>((resolve) => {
        firstTagged = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The first transaction tags and holds the friend's row; the second tags meanwhile
      // and must wait for it, then build on the row the first wrote.
      const one = database.db.transaction().execute(async (trx) => {
        await tagFriend(trx, friend, [first]);
        firstTagged();
        await released;
      });
      await firstHasTagged;
      const two = database.db.transaction().execute((trx) => tagFriend(trx, friend, [second]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([one, two]);
      expect(await listed({ tags: [{ match: "all", tagIds: [first, second] }] })).toEqual([friend]);
      await expectArraysInStep();
    });
});
