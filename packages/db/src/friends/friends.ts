import { type Kysely, sql, type Transaction } from "kysely";
import type { DB, FriendStatus } from "../schema.ts";

export interface FriendListItem {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  status: FriendStatus;
  followedAt: Date;
  blockedAt: Date | null;
}

export interface FriendPage {
  friends: FriendListItem[];
  nextCursor: string | null;
}

export interface FriendQuery {
  channelId: string;
  search?: string | undefined;
  status?: FriendStatus | undefined;
  cursor?: FriendCursor | undefined;
  limit: number;
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

export async function listFriends(db: Kysely<DB>, query: FriendQuery): Promise<FriendPage> {
  let select = db
    .selectFrom("friends")
    .select([
      "id",
      "line_user_id",
      "display_name",
      "picture_url",
      "status",
      "followed_at",
      "blocked_at",
    ])
    .where("channel_id", "=", query.channelId);
  if (query.status) select = select.where("status", "=", query.status);
  if (query.search) select = select.where("display_name", "ilike", `%${escapeLike(query.search)}%`);
  const cursor = query.cursor;
  if (cursor) {
    // A row comparison, so PostgreSQL walks the (followed_at, id) index from the cursor on.
    select = select.where(
      sql<boolean>`(followed_at, id) < (${cursor.followedAt}, ${cursor.id}::bigint)`,
    );
  }
  const rows = await select
    .orderBy("followed_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    friends: page.map((row) => ({
      id: row.id,
      lineUserId: row.line_user_id,
      displayName: row.display_name,
      pictureUrl: row.picture_url,
      status: row.status,
      followedAt: row.followed_at,
      blockedAt: row.blocked_at,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeFriendCursor({ followedAt: last.followed_at, id: last.id })
        : null,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A follow (new friend or unblock). Applied only if newer than the last status change,
 * so events processed out of order cannot resurrect a blocked friend. The profile is
 * marked due so that the worker fetches it from LINE.
 */
export async function applyFollow(
  trx: Transaction<DB>,
  channelId: string,
  lineUserId: string,
  at: Date,
): Promise<void> {
  await sql`
    INSERT INTO friends (channel_id, line_user_id, status, followed_at, status_changed_at)
    VALUES (${channelId}, ${lineUserId}, 'following', ${at}, ${at})
    ON CONFLICT (channel_id, line_user_id) DO UPDATE
      SET status = 'following', blocked_at = NULL, profile_fetched_at = NULL,
          status_changed_at = excluded.status_changed_at
      WHERE friends.status_changed_at < excluded.status_changed_at`.execute(trx);
}

/** An unfollow: LINE's word for the friend blocking the account. */
export async function applyUnfollow(
  trx: Transaction<DB>,
  channelId: string,
  lineUserId: string,
  at: Date,
): Promise<void> {
  await sql`
    INSERT INTO friends (channel_id, line_user_id, status, followed_at, blocked_at, status_changed_at)
    VALUES (${channelId}, ${lineUserId}, 'blocked', ${at}, ${at}, ${at})
    ON CONFLICT (channel_id, line_user_id) DO UPDATE
      SET status = 'blocked', blocked_at = excluded.blocked_at, status_changed_at = excluded.status_changed_at
      WHERE friends.status_changed_at < excluded.status_changed_at`.execute(trx);
}

/**
 * Someone who writes is a friend even if Kizuna missed their follow (they followed
 * before Kizuna was connected). Known friends are left as they are.
 */
export async function ensureFriend(
  trx: Transaction<DB>,
  channelId: string,
  lineUserId: string,
  at: Date,
): Promise<void> {
  await sql`
    INSERT INTO friends (channel_id, line_user_id, status, followed_at, status_changed_at)
    VALUES (${channelId}, ${lineUserId}, 'following', ${at}, ${new Date(0)})
    ON CONFLICT (channel_id, line_user_id) DO NOTHING`.execute(trx);
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
