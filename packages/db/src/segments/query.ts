import type { CheckedNode, SegmentDefinition, SegmentProblem } from "@kizuna/core/segments";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { withoutParallelWorkers } from "../friends/friends.ts";
import type { DB, FriendStatus } from "../schema.ts";
import { checkSegmentDefinition, readStoredDefinition } from "./catalog.ts";
import { type SegmentContext, segmentCondition } from "./compile.ts";

/** The ids of a segment's friends as one SELECT: a subquery, a count, or INSERT … SELECT. */
export type FriendIdsQuery = SelectQueryBuilder<DB, "friends", { id: string }>;

export type FriendIdsQueryResult =
  | { ok: true; query: FriendIdsQuery }
  | { ok: false; problems: SegmentProblem[] };

/** The ids of the friends a checked segment selects, as of `context.now`. */
export function checkedSegmentFriendIds(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
): FriendIdsQuery {
  return db.selectFrom("friends").select("friends.id").where(segmentCondition(root, context));
}

/**
 * The friends of a channel a definition selects now, as one parameterized SELECT of
 * `friends.id` — for a campaign's audience snapshot (`INSERT INTO … SELECT … WHERE f.id IN
 * (query)` or straight from it). The definition is checked first: a tag or field deleted since
 * it was saved is a problem, not an error.
 */
export async function segmentFriendIdsQuery(
  db: Kysely<DB>,
  channelId: string,
  definition: SegmentDefinition,
  options: { now?: Date } = {},
): Promise<FriendIdsQueryResult> {
  const checked = await checkSegmentDefinition(db, channelId, definition);
  if (!checked.ok) return checked;
  return {
    ok: true,
    query: checkedSegmentFriendIds(db, checked.root, { channelId, now: options.now ?? new Date() }),
  };
}

/** The same for a saved segment, by id: null when the channel has no such segment. */
export async function savedSegmentFriendIdsQuery(
  db: Kysely<DB>,
  channelId: string,
  segmentId: string,
  options: { now?: Date } = {},
): Promise<FriendIdsQueryResult | null> {
  const row = await db
    .selectFrom("segments")
    .select("definition")
    .where("channel_id", "=", channelId)
    .where("id", "=", segmentId)
    .executeTakeFirst();
  if (!row) return null;
  const definition = readStoredDefinition(row.definition);
  if (!definition)
    return {
      ok: false,
      problems: [
        {
          path: "root",
          code: "invalid_segment_reference",
          message: "this version of Kizuna cannot read the stored definition",
        },
      ],
    };
  return segmentFriendIdsQuery(db, channelId, definition, options);
}

export async function countSegmentFriends(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
): Promise<number> {
  const row = await db
    .selectFrom("friends")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where(segmentCondition(root, context))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type BoundedCount = { ok: true; count: number } | { ok: false; code: "timeout" };

/**
 * The count, given up after `ms`: the live count runs on every edit, and a definition that
 * would read for minutes must not hold a connection that long. (PostgreSQL only; PGlite has
 * no statement timeout.)
 */
export async function countSegmentFriendsWithin(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
  ms: number,
): Promise<BoundedCount> {
  try {
    const count = await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${String(Math.round(ms))}, true)`.execute(
        trx,
      );
      return countSegmentFriends(trx, root, context);
    });
    return { ok: true, count };
  } catch (error) {
    // 57014: query_canceled, which is how a statement timeout ends.
    if ((error as { code?: unknown }).code === "57014") return { ok: false, code: "timeout" };
    throw error;
  }
}

export interface SegmentSampleFriend {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  status: FriendStatus;
  followedAt: Date;
  memberId: string | null;
}

/** A few of the segment's friends, newest follow first: what the builder shows beside the count. */
export async function sampleSegmentFriends(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
  limit: number,
): Promise<SegmentSampleFriend[]> {
  const rows = await withoutParallelWorkers(db, (trx) =>
    trx
      .selectFrom("friends")
      .select([
        "id",
        "line_user_id",
        "display_name",
        "picture_url",
        "status",
        "followed_at",
        "member_id",
      ])
      .where(segmentCondition(root, context))
      .orderBy("followed_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute(),
  );
  return rows.map((row) => ({
    id: row.id,
    lineUserId: row.line_user_id,
    displayName: row.display_name,
    pictureUrl: row.picture_url,
    status: row.status,
    followedAt: row.followed_at,
    memberId: row.member_id,
  }));
}
