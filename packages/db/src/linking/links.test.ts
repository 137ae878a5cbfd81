import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import { linkFriendToMember, linkRateHistory, rollUpLinkRate, unlinkFriend } from "./links.ts";

describe.each(testDatabaseKinds())("ID links on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let counter = 0;

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "100",
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

  async function friend(status: "following" | "blocked" = "following"): Promise<string> {
    counter += 1;
    const row = await database.db
      .insertInto("friends")
      .values({
        channel_id: channelId,
        line_user_id: `U${String(counter).padStart(32, "0")}`,
        status,
        followed_at: new Date(),
        status_changed_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function member(): Promise<string> {
    counter += 1;
    const row = await database.db
      .insertInto("members")
      .values({ external_id: `M${counter}`, attributes: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const link = (
    friendId: string,
    memberId: string,
    method: "manual" | "form_match" | "account_link" = "manual",
  ) =>
    database.db
      .transaction()
      .execute((trx) =>
        linkFriendToMember(trx, { channelId, friendId, memberId, method, actor: "system" }),
      );

  const linkedMember = async (friendId: string) =>
    (
      await database.db
        .selectFrom("friends")
        .select("member_id")
        .where("id", "=", friendId)
        .executeTakeFirstOrThrow()
    ).member_id;

  const history = async (friendId: string) =>
    (
      await database.db
        .selectFrom("member_links")
        .select(["action", "member_id"])
        .where("friend_id", "=", friendId)
        .orderBy("id")
        .execute()
    ).map((row) => `${row.action}:${row.member_id}`);

  it("links a friend and records it in the history, the timeline and the audit log", async () => {
    const [f, m] = [await friend(), await member()];
    expect(await link(f, m)).toMatchObject({ ok: true, changed: true });
    expect(await linkedMember(f)).toBe(m);
    expect(await history(f)).toEqual([`linked:${m}`]);
    const timeline = await database.db
      .selectFrom("friend_timeline")
      .select("kind")
      .where("friend_id", "=", f)
      .execute();
    expect(timeline.map((t) => t.kind)).toEqual(["linked"]);
    const audit = await database.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_id", "=", f)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["member.linked"]);
    expect(await link(f, m)).toMatchObject({ ok: true, changed: false });
  });

  it("relinks a friend to another member, unlinking the first", async () => {
    const [f, m1, m2] = [await friend(), await member(), await member()];
    await link(f, m1);
    expect(await link(f, m2)).toMatchObject({ ok: true, changed: true, previousMemberId: m1 });
    expect(await linkedMember(f)).toBe(m2);
    expect(await history(f)).toEqual([`linked:${m1}`, `unlinked:${m1}`, `linked:${m2}`]);
  });

  it("moves a member to a new LINE account on a proven sign-in, but not on matched answers", async () => {
    const [oldFriend, newFriend, thief, m] = [
      await friend(),
      await friend(),
      await friend(),
      await member(),
    ];
    await link(oldFriend, m);
    expect(await link(thief, m, "form_match")).toEqual({
      ok: false,
      code: "member_linked_to_another_friend",
    });
    expect(await linkedMember(thief)).toBeNull();
    expect(await link(newFriend, m, "account_link")).toMatchObject({
      ok: true,
      unlinkedFriendId: oldFriend,
    });
    expect(await linkedMember(oldFriend)).toBeNull();
    expect(await linkedMember(newFriend)).toBe(m);
  });

  it("keeps the link of a friend who blocks and returns, and unlinks on request", async () => {
    const [f, m] = [await friend(), await member()];
    await link(f, m);
    await database.db
      .updateTable("friends")
      .set({ status: "blocked" })
      .where("id", "=", f)
      .execute();
    await database.db
      .updateTable("friends")
      .set({ status: "following" })
      .where("id", "=", f)
      .execute();
    expect(await linkedMember(f)).toBe(m);
    const unlinked = await database.db
      .transaction()
      .execute((trx) =>
        unlinkFriend(trx, { channelId, friendId: f, method: "manual", actor: "system" }),
      );
    expect(unlinked).toBe(true);
    expect(await linkedMember(f)).toBeNull();
    expect(await history(f)).toEqual([`linked:${m}`, `unlinked:${m}`]);
  });

  it("refuses unknown friends and members", async () => {
    const [f, m] = [await friend(), await member()];
    expect(await link("999999", m)).toEqual({ ok: false, code: "friend_not_found" });
    expect(await link(f, "00000000-0000-4000-8000-000000000000")).toEqual({
      ok: false,
      code: "member_not_found",
    });
  });

  it("rolls up valid and linked friends of the day", async () => {
    await friend("blocked");
    await rollUpLinkRate(database.db);
    const [today] = await linkRateHistory(database.db, channelId, 7);
    const counts = await database.db
      .selectFrom("friends")
      .select((eb) => [
        eb.fn.countAll<string>().filterWhere("status", "=", "following").as("valid"),
        eb.fn
          .countAll<string>()
          .filterWhere((f) =>
            f.and([f("status", "=", "following"), f("member_id", "is not", null)]),
          )
          .as("linked"),
      ])
      .executeTakeFirstOrThrow();
    expect(today).toMatchObject({
      validFriends: Number(counts.valid),
      linkedFriends: Number(counts.linked),
    });
    expect(today?.linkedFriends).toBeGreaterThan(0);
  });
});
