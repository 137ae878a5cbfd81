import type { CheckedNode, SegmentDefinition, SegmentProblem } from "@kizuna/core/segments";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import pg from "pg";
import type { DB, FriendStatus } from "../schema.ts";
import {
  checkSegmentDefinition,
  readStoredDefinition,
  unreadableDefinitionMessage,
} from "./catalog.ts";
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
          message: unreadableDefinitionMessage(row.definition),
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
  const counted = await previewSegmentWithin(db, root, context, { ms, sample: 0 });
  return counted.ok ? { ok: true, count: counted.count } : { ok: false, code: "timeout" };
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

export type BoundedPreview =
  | { ok: true; count: number; sample: SegmentSampleFriend[] }
  | { ok: false; code: "timeout" | "cancelled" };

/**
 * What the builder shows beside a definition: how many friends it selects and a few of them,
 * newest follow first — from one evaluation of the segment, since behaviour and event
 * conditions at a million friends take seconds to evaluate (counting, then sampling, took twice
 * that). The matching ids are kept once (a materialised CTE) and both read from them. Given up
 * after `ms` on PostgreSQL (PGlite has no statement timeout), or when `cancel` aborts: the
 * builder asks again on every edit and drops the answer it no longer wants, and a count nobody
 * waits for must not hold a connection for seconds.
 */
export async function previewSegmentWithin(
  db: Kysely<DB>,
  root: CheckedNode,
  context: SegmentContext,
  options: { ms: number; sample: number; cancel?: PreviewCancel | undefined },
): Promise<BoundedPreview> {
  try {
    return await cancellable(db, options.cancel, async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${String(Math.round(options.ms))}, true)`.execute(
        trx,
      );
      await segmentSession(trx);
      if (options.sample === 0)
        return {
          ok: true as const,
          count: await countSegmentFriends(trx, root, context),
          sample: [],
        };
      const matched = segmentFriends(trx, root, context).select([
        "friends.id",
        "friends.followed_at",
      ]);
      const rows = await trx
        .with(
          (cte) => cte("matched").materialized(),
          () => matched,
        )
        .with("top", (qb) =>
          qb
            .selectFrom("matched")
            .select("matched.id")
            .orderBy("matched.followed_at", "desc")
            .orderBy("matched.id", "desc")
            .limit(options.sample),
        )
        .selectFrom("top")
        .innerJoin("friends as f", "f.id", "top.id")
        .select([
          "f.id",
          "f.line_user_id",
          "f.display_name",
          "f.picture_url",
          "f.status",
          "f.followed_at",
          "f.member_id",
        ])
        .select(sql<string>`(SELECT count(*) FROM matched)`.as("total"))
        .orderBy("f.followed_at", "desc")
        .orderBy("f.id", "desc")
        .execute();
      return {
        ok: true as const,
        count: rows.length === 0 ? 0 : Number(rows[0]!.total),
        sample: rows.map((row) => ({
          id: row.id,
          lineUserId: row.line_user_id,
          displayName: row.display_name,
          pictureUrl: row.picture_url,
          status: row.status,
          followedAt: row.followed_at,
          memberId: row.member_id,
        })),
      };
    });
  } catch (error) {
    // 57014: query_canceled, which is how a statement timeout and a cancel both end.
    if ((error as { code?: unknown }).code === "57014")
      return { ok: false, code: options.cancel?.signal.aborted ? "cancelled" : "timeout" };
    throw error;
  }
}

/** What cancels a preview: the client leaving, on a PostgreSQL server. */
export interface PreviewCancel {
  signal: AbortSignal;
  /** The server's URL: the cancel goes on a connection of its own, never the pool's. */
  url: string;
}

/**
 * `work` in a transaction that `cancel.signal` cancels: PostgreSQL is asked, on a short-lived
 * connection of its own, to cancel the statement the transaction's backend is running
 * (`pg_cancel_backend`), which then fails with 57014. Not the pool's: when every pooled
 * connection runs a preview being cancelled, a cancel waiting for one of them would wait for
 * ever. The transaction ends only once the cancel was sent, so it can never reach a statement
 * of whoever takes the connection next. PostgreSQL only: PGlite is one backend running one
 * statement at a time.
 */
export async function cancellable<T>(
  db: Kysely<DB>,
  cancel: PreviewCancel | undefined,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!cancel) return db.transaction().execute(work);
  const { signal, url } = cancel;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
    const pid = rows[0]!.pid;
    let cancelling: Promise<void> | null = null;
    const onAbort = () => {
      cancelling = cancelBackend(url, pid);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    try {
      return await work(trx);
    } finally {
      signal.removeEventListener("abort", onAbort);
      await cancelling;
    }
  });
}

async function cancelBackend(url: string, pid: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT pg_cancel_backend($1)", [pid]);
  } catch {
    // Not cancelled: the statement ends at its timeout instead.
  } finally {
    await client.end().catch(() => undefined);
  }
}
