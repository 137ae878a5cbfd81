import type { Kysely, Transaction } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB, LinkMethod } from "../schema.ts";

export interface LinkRequest {
  channelId: string;
  friendId: string;
  memberId: string;
  method: LinkMethod;
  actor: Actor;
}

export type LinkResult =
  | { ok: true; changed: boolean; unlinkedFriendId: string | null; previousMemberId: string | null }
  | {
      ok: false;
      code: "friend_not_found" | "member_not_found" | "member_linked_to_another_friend";
    };

// Matching by answers proves less than a sign-in: it may link a member nobody has linked,
// but never take a member away from the friend it is linked to.
const MAY_MOVE_A_LINK: ReadonlySet<LinkMethod> = new Set([
  "account_link",
  "line_login",
  "manual",
  "api",
]);

/**
 * Links a friend to a member, whichever way the link was proven. A friend linked to
 * another member is relinked; a member linked to another friend of the channel (a new
 * LINE account) moves to this one when the method proves ownership. Every change is
 * written to member_links, the friends' timelines and the audit log, in the caller's
 * transaction.
 */
export async function linkFriendToMember(
  trx: Transaction<DB>,
  request: LinkRequest,
): Promise<LinkResult> {
  const friend = await trx
    .selectFrom("friends")
    .select(["id", "member_id"])
    .where("id", "=", request.friendId)
    .where("channel_id", "=", request.channelId)
    .forUpdate()
    .executeTakeFirst();
  if (!friend) return { ok: false, code: "friend_not_found" };
  const member = await trx
    .selectFrom("members")
    .select("id")
    .where("id", "=", request.memberId)
    .forUpdate()
    .executeTakeFirst();
  if (!member) return { ok: false, code: "member_not_found" };
  if (friend.member_id === request.memberId) {
    return { ok: true, changed: false, unlinkedFriendId: null, previousMemberId: null };
  }

  const holder = await trx
    .selectFrom("friends")
    .select("id")
    .where("channel_id", "=", request.channelId)
    .where("member_id", "=", request.memberId)
    .forUpdate()
    .executeTakeFirst();
  if (holder && !MAY_MOVE_A_LINK.has(request.method))
    return { ok: false, code: "member_linked_to_another_friend" };

  const change = { channelId: request.channelId, method: request.method, actor: request.actor };
  if (holder)
    await writeUnlink(trx, { ...change, friendId: holder.id, memberId: request.memberId });
  if (friend.member_id)
    await writeUnlink(trx, { ...change, friendId: friend.id, memberId: friend.member_id });
  await trx
    .updateTable("friends")
    .set({ member_id: request.memberId })
    .where("id", "=", friend.id)
    .execute();
  await writeHistory(trx, {
    ...change,
    friendId: friend.id,
    memberId: request.memberId,
    action: "linked",
  });
  return {
    ok: true,
    changed: true,
    unlinkedFriendId: holder?.id ?? null,
    previousMemberId: friend.member_id,
  };
}

/** Unlinks a friend from its member; false when it was not linked. */
export async function unlinkFriend(
  trx: Transaction<DB>,
  request: Omit<LinkRequest, "memberId">,
): Promise<boolean> {
  const friend = await trx
    .selectFrom("friends")
    .select(["id", "member_id"])
    .where("id", "=", request.friendId)
    .where("channel_id", "=", request.channelId)
    .forUpdate()
    .executeTakeFirst();
  if (!friend?.member_id) return false;
  await writeUnlink(trx, { ...request, memberId: friend.member_id });
  return true;
}

async function writeUnlink(trx: Transaction<DB>, change: LinkRequest): Promise<void> {
  await trx
    .updateTable("friends")
    .set({ member_id: null })
    .where("id", "=", change.friendId)
    .execute();
  await writeHistory(trx, { ...change, action: "unlinked" });
}

async function writeHistory(
  trx: Kysely<DB>,
  change: LinkRequest & { action: "linked" | "unlinked" },
): Promise<void> {
  const now = new Date();
  await trx
    .insertInto("member_links")
    .values({
      channel_id: change.channelId,
      friend_id: change.friendId,
      member_id: change.memberId,
      action: change.action,
      method: change.method,
      actor: change.actor,
      occurred_at: now,
    })
    .execute();
  await trx
    .insertInto("friend_timeline")
    .values({
      channel_id: change.channelId,
      friend_id: change.friendId,
      occurred_at: now,
      kind: change.action,
      actor: change.actor,
      detail: JSON.stringify({ memberId: change.memberId, method: change.method }),
    })
    .execute();
  await recordAudit(trx, {
    actor: change.actor,
    action: `member.${change.action}`,
    targetType: "friend",
    targetId: change.friendId,
    detail: { memberId: change.memberId, method: change.method },
  });
}

/** Valid and linked friends per channel for today (Japan time), for the link rate over time. */
export async function rollUpLinkRate(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto("link_rate_daily")
    .columns(["channel_id", "day", "valid_friends", "linked_friends"])
    .expression((eb) =>
      eb
        .selectFrom("friends")
        .select((s) => [
          "channel_id",
          s.cast<string>(s.fn("timezone", [s.val("Asia/Tokyo"), s.fn("now")]), "date").as("day"),
          s.fn.countAll<number>().filterWhere("status", "=", "following").as("valid_friends"),
          s.fn
            .countAll<number>()
            .filterWhere((f) =>
              f.and([f("status", "=", "following"), f("member_id", "is not", null)]),
            )
            .as("linked_friends"),
        ])
        .groupBy("channel_id"),
    )
    .onConflict((conflict) =>
      conflict.columns(["channel_id", "day"]).doUpdateSet((eb) => ({
        valid_friends: eb.ref("excluded.valid_friends"),
        linked_friends: eb.ref("excluded.linked_friends"),
      })),
    )
    .execute();
}

export interface LinkRatePoint {
  day: string;
  validFriends: number;
  linkedFriends: number;
}

export async function linkRateHistory(
  db: Kysely<DB>,
  channelId: string,
  days: number,
): Promise<LinkRatePoint[]> {
  const rows = await db
    .selectFrom("link_rate_daily")
    .select(["day", "valid_friends", "linked_friends"])
    .where("channel_id", "=", channelId)
    .orderBy("day", "desc")
    .limit(days)
    .execute();
  return rows.reverse().map((row) => ({
    day: row.day,
    validFriends: row.valid_friends,
    linkedFriends: row.linked_friends,
  }));
}
