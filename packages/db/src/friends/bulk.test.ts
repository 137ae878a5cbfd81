import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import { aChannel, aField, aFriend, aTag, setValue, tagFriend } from "./builders.ts";
import { bulkEditFriends } from "./bulk.ts";
import type { CustomField } from "./custom-fields.ts";
import { resolveFriendFilter } from "./filter.ts";

describe.each(testDatabaseKinds())("bulk edits on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let otherChannel: string;
  let vip: string;
  let sale: string;
  let rank: CustomField;
  let points: CustomField;
  let following: string[];
  let blocked: string[];
  let outsider: string;

  beforeAll(async () => {
    database = await kind.create();
    const { db } = database;
    channelId = await aChannel(db);
    otherChannel = await aChannel(db);
    vip = await aTag(db, channelId, "VIP");
    sale = await aTag(db, channelId, "セール");
    rank = await aField(db, channelId, {
      type: "single_choice",
      label: "ランク",
      choices: ["gold", "silver"],
    });
    points = await aField(db, channelId, { type: "number", label: "ポイント" });
    following = [];
    for (let i = 0; i < 5; i++) following.push(await aFriend(db, channelId));
    blocked = [
      await aFriend(db, channelId, { status: "blocked" }),
      await aFriend(db, channelId, { status: "blocked" }),
    ];
    outsider = await aFriend(db, otherChannel);
  });
  afterAll(() => database?.close());

  async function selectionOf(
    filter: Parameters<typeof resolveFriendFilter>[2],
    channel = channelId,
  ) {
    const resolved = await resolveFriendFilter(database.db, channel, filter);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    return { filter: resolved.filter };
  }

  const tagsOf = async (friendId: string) =>
    (
      await database.db
        .selectFrom("friend_tags")
        .select("tag_id")
        .where("friend_id", "=", friendId)
        .execute()
    ).map((row) => row.tag_id);

  const timelineOf = (kind: string) =>
    database.db
      .selectFrom("friend_timeline")
      .select(["friend_id", "actor", "detail"])
      .where("kind", "=", kind)
      .where("channel_id", "=", channelId)
      .execute();

  it("tags every friend matching the filter in one go, and counts only those it changed", async () => {
    await tagFriend(database.db, following[0]!, [vip]);
    const result = await bulkEditFriends(database.db, {
      selection: await selectionOf({ status: "following" }),
      operation: { kind: "add_tags", tagIds: [vip] },
      actor: "staff:00000000-0000-4000-8000-000000000001",
    });
    expect(result).toEqual({ changed: 4 });
    for (const id of following) expect(await tagsOf(id)).toEqual([vip]);
    for (const id of blocked) expect(await tagsOf(id)).toEqual([]);
    expect(await tagsOf(outsider)).toEqual([]);

    const timeline = await timelineOf("tag_added");
    expect(timeline.map((row) => row.friend_id).sort()).toEqual(following.slice(1).sort());
    expect(timeline[0]).toMatchObject({
      actor: "staff:00000000-0000-4000-8000-000000000001",
      detail: { tagId: vip, tagName: "VIP", bulk: true },
    });
    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "friends.tags_added")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      target_type: "channel",
      target_id: channelId,
      detail: { changed: 4, selection: "filter", tagIds: [vip] },
    });
  });

  it("edits only the hand-picked friends among those the filter matches", async () => {
    const result = await bulkEditFriends(database.db, {
      selection: { ...(await selectionOf({})), friendIds: [blocked[0]!, outsider] },
      operation: { kind: "add_tags", tagIds: [sale] },
      actor: "system",
    });
    expect(result).toEqual({ changed: 1 });
    expect(await tagsOf(blocked[0]!)).toEqual([sale]);
    expect(await tagsOf(outsider)).toEqual([]);
  });

  it("removes tags from those who have them", async () => {
    const result = await bulkEditFriends(database.db, {
      selection: await selectionOf({ tags: [{ match: "any", tagIds: [vip] }] }),
      operation: { kind: "remove_tags", tagIds: [vip, sale] },
      actor: "system",
    });
    expect(result).toEqual({ changed: 5 });
    for (const id of following) expect(await tagsOf(id)).toEqual([]);
    expect(await tagsOf(blocked[0]!)).toEqual([sale]);
    expect((await timelineOf("tag_removed")).map((row) => row.friend_id).sort()).toEqual(
      [...following].sort(),
    );
  });

  it("sets a field value, keeping before and after in the timeline, and leaves equal values alone", async () => {
    await setValue(database.db, channelId, following[0]!, rank, "silver");
    await setValue(database.db, channelId, following[1]!, rank, "gold");
    const result = await bulkEditFriends(database.db, {
      selection: await selectionOf({ status: "following" }),
      operation: {
        kind: "set_field",
        field: rank,
        value: { type: "single_choice", choice: "gold" },
      },
      actor: "system",
    });
    expect(result).toEqual({ changed: 4 });
    const values = await database.db
      .selectFrom("friend_field_values")
      .select(["friend_id", "value_text"])
      .where("field_id", "=", rank.id)
      .execute();
    expect(values.map((v) => v.value_text)).toEqual(Array(5).fill("gold"));
    const changes = (await timelineOf("field_changed")).filter((row) => row.detail.bulk);
    expect(changes).toHaveLength(4);
    expect(changes.find((row) => row.friend_id === following[0])?.detail).toMatchObject({
      fieldId: rank.id,
      label: "ランク",
      from: "silver",
      to: "gold",
    });
    expect(changes.find((row) => row.friend_id === following[2])?.detail).toMatchObject({
      from: null,
      to: "gold",
    });
  });

  it("sets numbers as numbers: 10 and 10.0 are the same value", async () => {
    const selection = await selectionOf({ status: "blocked" });
    const set = (number: string) =>
      bulkEditFriends(database.db, {
        selection,
        operation: { kind: "set_field", field: points, value: { type: "number", number } },
        actor: "system",
      });
    expect(await set("10")).toEqual({ changed: 2 });
    expect(await set("10.0")).toEqual({ changed: 0 });
  });

  it("clears a field with null", async () => {
    const result = await bulkEditFriends(database.db, {
      selection: await selectionOf({
        fields: [{ fieldId: points.id, op: "is_set" }],
      }),
      operation: { kind: "set_field", field: points, value: null },
      actor: "system",
    });
    expect(result).toEqual({ changed: 2 });
    const left = await database.db
      .selectFrom("friend_field_values")
      .select("friend_id")
      .where("field_id", "=", points.id)
      .execute();
    expect(left).toEqual([]);
    const cleared = (await timelineOf("field_changed")).filter(
      (row) => row.detail.fieldId === points.id && row.detail.to === null,
    );
    expect(cleared.map((row) => row.detail.from)).toEqual([10, 10]);
  });

  it("changes nothing at all when any part fails", async () => {
    const before = await database.db
      .selectFrom("friend_timeline")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    // A tag id that breaks the statement halfway (not a uuid): the whole edit rolls back.
    await expect(
      bulkEditFriends(database.db, {
        selection: await selectionOf({}),
        operation: { kind: "add_tags", tagIds: [vip, "not-a-uuid"] },
        actor: "system",
      }),
    ).rejects.toThrow();
    for (const id of [...following, ...blocked]) expect(await tagsOf(id)).not.toContain(vip);
    const after = await database.db
      .selectFrom("friend_timeline")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
