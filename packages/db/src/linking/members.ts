import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/**
 * The member with this external id, created bare when the company has vouched for it (a
 * sign-in its own system checked) before Kizuna imported it; an import fills it in later.
 */
export async function ensureLinkableMember(db: Kysely<DB>, externalId: string): Promise<string> {
  const created = await db
    .insertInto("members")
    .values({ external_id: externalId, attributes: "{}" })
    .onConflict((conflict) => conflict.column("external_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (created) return created.id;
  const existing = await db
    .selectFrom("members")
    .select("id")
    .where("external_id", "=", externalId)
    .executeTakeFirstOrThrow();
  return existing.id;
}

export async function memberIdOfExternalId(
  db: Kysely<DB>,
  externalId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("members")
    .select("id")
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface LinkedFriend {
  friendId: string;
  memberId: string | null;
  externalId: string | null;
}

/** A friend of a channel by LINE user id, with the member it is linked to. */
export async function findFriendLink(
  db: Kysely<DB>,
  channelId: string,
  lineUserId: string,
): Promise<LinkedFriend | null> {
  const row = await db
    .selectFrom("friends as f")
    .leftJoin("members as m", "m.id", "f.member_id")
    .select(["f.id", "f.member_id", "m.external_id"])
    .where("f.channel_id", "=", channelId)
    .where("f.line_user_id", "=", lineUserId)
    .executeTakeFirst();
  return row ? { friendId: row.id, memberId: row.member_id, externalId: row.external_id } : null;
}

/**
 * The friend for a LINE user that LINE says is a friend (a Login with the add-friend
 * screen), created as following if Kizuna has not seen the follow yet. Its status change
 * is dated at the epoch so that the follow or block webhook, whenever it is processed,
 * still applies.
 */
export async function ensureFollowingFriend(
  db: Kysely<DB>,
  channelId: string,
  lineUserId: string,
  at: Date,
): Promise<{ friendId: string; created: boolean }> {
  const created = await db
    .insertInto("friends")
    .values({
      channel_id: channelId,
      line_user_id: lineUserId,
      status: "following",
      followed_at: at,
      status_changed_at: new Date(0),
    })
    .onConflict((conflict) => conflict.columns(["channel_id", "line_user_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (created) return { friendId: created.id, created: true };
  const existing = await db
    .selectFrom("friends")
    .select("id")
    .where("channel_id", "=", channelId)
    .where("line_user_id", "=", lineUserId)
    .executeTakeFirstOrThrow();
  return { friendId: existing.id, created: false };
}
