import type { CheckedNode, SegmentDefinition, SegmentProblem } from "@kizuna/core/segments";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { withoutParallelWorkers } from "../friends/friends.ts";
import type { DB, FriendStatus } from "../schema.ts";
import { checkSegmentDefinition, readStoredDefinition } from "./catalog.ts";
import { compileSegment, type SegmentContext } from "./compile.ts";

/** The ids of a segment's friends as one SELECT: a subquery, a count, or INSERT … SELECT. */
export type FriendIdsQuery = SelectQueryBuilder<DB, "friends", { id: string }>;

export type FriendIdsQueryResult =
  | { ok: true; query: FriendIdsQuery }
  | { ok: false; problems: SegmentProblem[] };

/**
 * `FROM friends` with the count joins of behaviour and event conditions, `WHERE` the segment:
 * the one statement every use of a segment (ids, count, sample) starts from.
 */
function segmentFriends(db: Kysely<DB>, root: CheckedNode, context: SegmentContext) {
  const compiled = compileSegment(root, context);
  let query = db.selectFrom("friends");
  for (const join of compiled.joins)
    query = query.leftJoin(sql`(${join.counts})`.as(join.alias), (on) =>
      on.on(sql<boolean>`${sql.ref(`${join.alias}.fid`)} = friends.id`),
    ) as unknown as typeof query;
  return query.where(compiled.where);
}

/** The ids of the friends a checked segment selects, as of `context.now`. */
export function checkedSegmentFriendIds(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
): FriendIdsQuery {
  return segmentFriends(db, root, context).select("friends.id");
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
  const row = await segmentFriends(db, root, context)
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Settings for a transaction that runs a segment: the per-friend counts of behaviour and
 * events are hash aggregates and hash joins over hundreds of thousands of rows, which spill to
 * disk in batches at PostgreSQL's default 4 MB of work memory (measured: 2–3× slower).
 */
export async function segmentSession(trx: Kysely<DB>): Promise<void> {
  await sql`SELECT set_config('work_mem', '64MB', true)`.execute(trx);
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
      await segmentSession(trx);
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
  const rows = await withoutParallelWorkers(db, async (trx) => {
    await segmentSession(trx);
    return segmentFriends(trx, root, context)
      .select([
        "friends.id",
        "friends.line_user_id",
        "friends.display_name",
        "friends.picture_url",
        "friends.status",
        "friends.followed_at",
        "friends.member_id",
      ])
      .orderBy("friends.followed_at", "desc")
      .orderBy("friends.id", "desc")
      .limit(limit)
      .execute();
  });
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
