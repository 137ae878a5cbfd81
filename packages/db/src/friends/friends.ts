import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
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
 * How many friends a page checks down the list, newest first, before it weighs the rest
 * (ADR 008). A filter that fills the page within them (one friend in 40 or more) is served
 * by that walk. One that found some there walks on, at most FURTHER_WALK times as far,
 * which fills the page for one friend in 1,300 or so at a few dozen ms of CPU: cheaper than
 * gathering when each condition is broad and only their conjunction is rare (a search and
 * a status and a common tag: 540 ms gathered). One that found none, or too few after
 * walking on, is rare where the walk went, so the rest of its matches are gathered through
 * the indexes and sorted. A page costs at most those walks plus that gathering, whatever
 * the planner expects of the filter.
 */
export const FRIEND_WALK_LIMIT = 2_000;
const FURTHER_WALK = 32;

const PAGE_COLUMNS = sql.raw(
  `friends.id, friends.line_user_id, friends.display_name, friends.picture_url, friends.status,
   friends.followed_at, friends.blocked_at, friends.member_id, friends.inflow_route_id`,
);

interface PageRow {
  id: string;
  line_user_id: string;
  display_name: string | null;
  picture_url: string | null;
  status: FriendStatus;
  followed_at: Date;
  blocked_at: Date | null;
  member_id: string | null;
  inflow_route_id: string | null;
}

/**
 * A page of the friends matching a filter, newest follow first. The tags of the page's
 * friends are read in a second query, so that the page query stays an index walk.
 */
export async function listFriends(
  db: Kysely<DB>,
  filter: ResolvedFriendFilter,
  page: {
    cursor?: FriendCursor | undefined;
    limit: number;
    /** FRIEND_WALK_LIMIT unless a test wants both paths on a few friends. */
    walkLimit?: number | undefined;
  },
): Promise<FriendPage> {
  const walkLimit = page.walkLimit ?? FRIEND_WALK_LIMIT;
  const wanted = page.limit + 1;
  const condition = friendFilterCondition(filter);
  const channelId = filter.channelId;
  return withoutParallelWorkers(db, async (trx) => {
    // A page's queries are short: compiling the gathering (costed as every match) took
    // longer than running it (135 ms of JIT at a million friends).
    await sql`SET LOCAL jit = off`.execute(trx);
    let rows = await walkedMatches(trx, channelId, condition, page.cursor, walkLimit, wanted);
    // Where the last walk ended; null once the list has ended within a walk.
    let edge: FriendCursor | null = null;
    if (rows.length < wanted) {
      edge = await walkEdge(trx, channelId, page.cursor, walkLimit);
      if (edge && rows.length > 0) {
        const further = walkLimit * FURTHER_WALK;
        const more = await walkedMatches(
          trx,
          channelId,
          condition,
          edge,
          further,
          wanted - rows.length,
        );
        rows = rows.concat(more);
        if (rows.length < wanted) edge = await walkEdge(trx, channelId, edge, further);
      }
    }
    if (rows.length < wanted && edge)
      rows = rows.concat(await gatheredMatches(trx, condition, edge, wanted - rows.length));
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

/** After the cursor, as a row comparison: PostgreSQL walks the (followed_at, id) index from it. */
function afterCursor(cursor: FriendCursor | undefined): RawBuilder<unknown> {
  return cursor
    ? sql`AND (friends.followed_at, friends.id) < (${cursor.followedAt}, ${cursor.id}::bigint)`
    : sql``;
}

/**
 * The first `wanted` matches among the next `walkLimit` friends of the list: a walk of
 * friends_list that stops as soon as it has them.
 */
async function walkedMatches(
  db: Kysely<DB>,
  channelId: string,
  condition: Expression<SqlBool>,
  cursor: FriendCursor | undefined,
  walkLimit: number,
  wanted: number,
): Promise<PageRow[]> {
  const result = await sql<PageRow>`
    SELECT ${PAGE_COLUMNS}
    FROM (SELECT * FROM friends
          WHERE friends.channel_id = ${channelId} ${afterCursor(cursor)}
          ORDER BY friends.followed_at DESC, friends.id DESC
          LIMIT ${walkLimit}) AS friends
    WHERE ${condition}
    ORDER BY friends.followed_at DESC, friends.id DESC
    LIMIT ${wanted}`.execute(db);
  return result.rows;
}

/** The last friend of the walk, or null when the list ended within it. */
async function walkEdge(
  db: Kysely<DB>,
  channelId: string,
  cursor: FriendCursor | undefined,
  walkLimit: number,
): Promise<FriendCursor | null> {
  const result = await sql<{ followed_at: Date; id: string }>`
    SELECT friends.followed_at, friends.id FROM friends
    WHERE friends.channel_id = ${channelId} ${afterCursor(cursor)}
    ORDER BY friends.followed_at DESC, friends.id DESC
    OFFSET ${walkLimit - 1} LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row ? { followedAt: row.followed_at, id: row.id } : null;
}

/**
 * The first `wanted` matches past the walk's edge, gathered set-based: MATERIALIZED keeps
 * the LIMIT from turning it back into a walk, so PostgreSQL plans it as "every match" —
 * through the tag, value and name indexes — and sorts the few it finds.
 */
async function gatheredMatches(
  db: Kysely<DB>,
  condition: Expression<SqlBool>,
  edge: FriendCursor,
  wanted: number,
): Promise<PageRow[]> {
  const result = await sql<PageRow>`
    WITH matches AS MATERIALIZED (
      SELECT friends.id, friends.followed_at FROM friends
      WHERE ${condition} ${afterCursor(edge)}
    ), page AS (
      SELECT id FROM matches ORDER BY followed_at DESC, id DESC LIMIT ${wanted}
    )
    SELECT ${PAGE_COLUMNS}
    FROM friends JOIN page ON page.id = friends.id
    ORDER BY friends.followed_at DESC, friends.id DESC`.execute(db);
  return result.rows;
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
