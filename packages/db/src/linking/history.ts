import { type Kysely, sql } from "kysely";
import type { DB, LinkMethod } from "../schema.ts";

export interface LinkHistoryItem {
  action: "linked" | "unlinked";
  method: LinkMethod;
  actor: string;
  externalId: string;
  occurredAt: Date;
}

export interface FriendLinkView {
  member: { id: string; externalId: string; name: string | null } | null;
  history: LinkHistoryItem[];
}

/** A friend's linked member and every link and unlink, newest first. */
export async function friendLinkView(
  db: Kysely<DB>,
  channelId: string,
  friendId: string,
): Promise<FriendLinkView | null> {
  const friend = await db
    .selectFrom("friends as f")
    .leftJoin("members as m", "m.id", "f.member_id")
    .select(["f.id", "m.id as member_id", "m.external_id", "m.name"])
    .where("f.id", "=", friendId)
    .where("f.channel_id", "=", channelId)
    .executeTakeFirst();
  if (!friend) return null;
  const history = await db
    .selectFrom("member_links as l")
    .innerJoin("members as m", "m.id", "l.member_id")
    .select(["l.action", "l.method", "l.actor", "l.occurred_at", "m.external_id"])
    .where("l.friend_id", "=", friendId)
    .orderBy("l.occurred_at", "desc")
    .orderBy("l.id", "desc")
    .limit(100)
    .execute();
  return {
    member:
      friend.member_id && friend.external_id
        ? { id: friend.member_id, externalId: friend.external_id, name: friend.name }
        : null,
    history: history.map((row) => ({
      action: row.action,
      method: row.method,
      actor: row.actor,
      externalId: row.external_id,
      occurredAt: row.occurred_at,
    })),
  };
}

/** Valid and linked friends of a channel right now (the link rate's live value). */
export async function currentLinkCounts(
  db: Kysely<DB>,
  channelId: string,
): Promise<{ validFriends: number; linkedFriends: number }> {
  const row = await db
    .selectFrom("friends")
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'following')::int`.as("valid"),
      sql<number>`count(*) FILTER (WHERE status = 'following' AND member_id IS NOT NULL)::int`.as(
        "linked",
      ),
    ])
    .where("channel_id", "=", channelId)
    .executeTakeFirstOrThrow();
  return { validFriends: row.valid, linkedFriends: row.linked };
}
