import { type Kysely, sql } from "kysely";
import type { DB, FriendStatus } from "../schema.ts";
import { friendFilterCondition, type ResolvedFriendFilter } from "./filter.ts";

export interface FriendListItem {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  status: FriendStatus;
  followedAt: Date;
  blockedAt: Date | null;
  memberId: string | null;
  inflowRouteId: string | null;
  tagIds: string[];
}

export interface FriendPage {
  friends: FriendListItem[];
  nextCursor: string | null;
}

/** Position after the last row of a page: keyset pagination stays fast on page 10,000. */
export interface FriendCursor {
  followedAt: Date;
  id: string;
}

export function encodeFriendCursor(cursor: FriendCursor): string {
  return Buffer.from(`${cursor.followedAt.getTime()}:${cursor.id}`).toString("base64url");
}

export function decodeFriendCursor(text: string): FriendCursor | null {
  const match = /^(\d{1,15}):(\d{1,19})$/.exec(Buffer.from(text, "base64url").toString());
  if (!match) return null;
  return { followedAt: new Date(Number(match[1])), id: match[2]! };
}

/** Every friend of a channel: the filter of a list without conditions. */
export function everyFriend(channelId: string): ResolvedFriendFilter {
  return { channelId, filter: {}, fields: [] };
}

/**
 * A page of the friends matching a filter, newest follow first. The tags of the page's
 * friends are read in a second query, so that the page query stays an index walk.
 */
export async function listFriends(
  db: Kysely<DB>,
  filter: ResolvedFriendFilter,
  page: { cursor?: FriendCursor | undefined; limit: number },
): Promise<FriendPage> {
  return withoutParallelWorkers(db, async (trx) => {
    let select = trx
      .selectFrom("friends")
      .select([
        "id",
        "line_user_id",
        "display_name",
        "picture_url",
        "status",
        "followed_at",
        "blocked_at",
        "member_id",
        "inflow_route_id",
      ])
      .where(friendFilterCondition(filter));
    const cursor = page.cursor;
    if (cursor) {
      // A row comparison, so PostgreSQL walks the (followed_at, id) index from the cursor on.
      select = select.where(
        sql<boolean>`(friends.followed_at, friends.id) < (${cursor.followedAt}, ${cursor.id}::bigint)`,
      );
    }
    const rows = await select
      .orderBy("followed_at", "desc")
      .orderBy("id", "desc")
      .limit(page.limit + 1)
      .execute();
    const shown = rows.slice(0, page.limit);
    const tags = await tagIdsOf(
      trx,
      shown.map((row) => row.id),
    );
    const last = shown.at(-1);
    return {
      friends: shown.map((row) => ({
        id: row.id,
        lineUserId: row.line_user_id,
        displayName: row.display_name,
        pictureUrl: row.picture_url,
        status: row.status,
        followedAt: row.followed_at,
        blockedAt: row.blocked_at,
        memberId: row.member_id,
        inflowRouteId: row.inflow_route_id,
        tagIds: tags.get(row.id) ?? [],
      })),
      nextCursor:
        rows.length > page.limit && last
          ? encodeFriendCursor({ followedAt: last.followed_at, id: last.id })
          : null,
    };
  });
}

/**
 * Runs a page query without parallel workers. A page is a few dozen rows: workers cost more
 * to start than they save, and counting on them makes the planner walk the whole ordered
 * index for a rare tag or value instead of starting from that tag's or value's own index
 * (measured by bench/friends.ts: 270 ms against 5 ms for a tag one friend in a thousand has).
 */
export async function withoutParallelWorkers<T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return work(trx);
  });
}

async function tagIdsOf(db: Kysely<DB>, friendIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  if (friendIds.length === 0) return tags;
  const rows = await db
    .selectFrom("friend_tags")
    .select(["friend_id", "tag_id"])
    .where("friend_id", "in", friendIds)
    .orderBy("tagged_at")
    .execute();
  for (const row of rows) tags.set(row.friend_id, [...(tags.get(row.friend_id) ?? []), row.tag_id]);
  return tags;
}

/** How many friends match a filter: the "all N" of a bulk edit, the size of an export. */
export async function countFriends(db: Kysely<DB>, filter: ResolvedFriendFilter): Promise<number> {
  const row = await db
    .selectFrom("friends")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where(friendFilterCondition(filter))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface DueProfile {
  id: string;
  channelId: string;
  lineUserId: string;
}

export async function listDueProfiles(db: Kysely<DB>, limit: number): Promise<DueProfile[]> {
  const rows = await db
    .selectFrom("friends")
    .select(["id", "channel_id", "line_user_id"])
    .where("profile_fetched_at", "is", null)
    .where("status", "=", "following")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channelId: row.channel_id,
    lineUserId: row.line_user_id,
  }));
}

export interface ProfileUpdate {
  displayName: string | null;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string | null;
}

/** Stores a fetched profile; `null` (LINE no longer knows the user) just marks it fetched. */
export async function saveProfile(
  db: Kysely<DB>,
  friendId: string,
  profile: ProfileUpdate | null,
): Promise<void> {
  await db
    .updateTable("friends")
    .set({
      ...(profile
        ? {
            display_name: profile.displayName,
            picture_url: profile.pictureUrl,
            status_message: profile.statusMessage,
            language: profile.language,
          }
        : {}),
      profile_fetched_at: new Date(),
    })
    .where("id", "=", friendId)
    .execute();
}

/** Announces that a channel's friends changed (payload: channel id), on commit. */
export const FRIENDS_NOTIFY_CHANNEL = "kizuna_friends";

export async function notifyFriendsChanged(db: Kysely<DB>, channelId: string): Promise<void> {
  await sql`SELECT pg_notify(${FRIENDS_NOTIFY_CHANNEL}, ${channelId})`.execute(db);
}
