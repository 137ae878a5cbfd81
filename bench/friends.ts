/**
 * The friend list at a million friends: p50 and p99 latency of one page of the friend list
 * (what the list API runs: the bounded walk, the set-based rest when the walk did not fill
 * the page, and the page's tags) for the first page, a deep page, a name search, tag filters,
 * field filters, all of them combined, and near-empty results the planner cannot foresee,
 * against a baseline in the same run: the bare `SELECT … ORDER BY id LIMIT 50` on the same
 * table. Then the cost of keeping friends.tag_ids: a bulk edit adding a tag to every friend
 * and removing it again. Prints figures; there is no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/friends.ts
 *
 * A throwaway database is created on that server, filled set-based (INSERT … SELECT
 * generate_series), and dropped at the end. BENCH_FRIENDS (default 1000000) and
 * BENCH_SAMPLES (default 200 per case) shape the run; BENCH_EXPLAIN=1 prints each case's plan;
 * BENCH_BULK=0 skips the bulk edits (minutes at a million friends).
 */

import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import type { FriendFilter } from "@kizuna/core";
import {
  bulkEditFriends,
  countFriends,
  type Database,
  everyFriend,
  FRIEND_WALK_LIMIT,
  type FriendCursor,
  friendFilterCondition,
  listFriends,
  type ResolvedFriendFilter,
  resolveFriendFilter,
  withoutParallelWorkers,
} from "@kizuna/db";
import { type Kysely, sql } from "kysely";
import { benchChannel, reusingLine, withBenchDatabase } from "./bench-database.ts";

const FRIENDS = Number(process.env.BENCH_FRIENDS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const PAGE = 50;

// Tags and the share of friends who carry each: a few broad ones, a long tail of rare ones.
const TAGS: [string, number][] = [
  ["LINE限定クーポン", 0.5],
  ["購入者", 0.2],
  ["VIP", 0.05],
  ["イベント参加", 0.1],
  ["アンケート回答", 0.15],
  ["休眠", 0.08],
  ["春セール", 0.03],
  ["店舗A", 0.12],
  ["店舗B", 0.09],
  ["メルマガ", 0.25],
  ["限定招待", 0.001],
  ["誕生月", 0.083],
];
// A coupon for those who have not bought yet: 30 % of the friends without 購入者, none with it,
// so that "all of 購入者, 未購入クーポン" matches nobody while the planner, taking tags as
// independent, expects 6 % of friends.
const EXCLUSIVE_TAG = "未購入クーポン";
const FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"];
const GIVEN = ["翔太", "美咲", "大輔", "陽菜", "健", "さくら", "蓮", "結衣", "Ken", "Yuki"];

async function main(): Promise<void> {
  await withBenchDatabase(async (bench) => {
    const { database } = bench;
    let fixture: Fixture;
    if (bench.reused) {
      fixture = await readFixture(database.db);
      console.log(reusingLine(bench));
    } else {
      const started = performance.now();
      fixture = await generate(database.db);
      console.log(
        `Generated ${FRIENDS.toLocaleString("en")} friends with tags and field values in ${seconds(performance.now() - started)}.`,
      );
    }
    await report(database, fixture);
    if (process.env.BENCH_BULK !== "0") await bulkEdits(database, fixture);
  });
}

async function readFixture(db: Kysely<DB>): Promise<Fixture> {
  const channel = await db.selectFrom("channels").select("id").executeTakeFirstOrThrow();
  const tags = await db.selectFrom("tags").select(["id", "name"]).execute();
  const fields = await db.selectFrom("custom_fields").select(["id", "key"]).execute();
  const field = (key: string) => fields.find((f) => f.key === key)!.id;
  return {
    channelId: channel.id,
    tagIds: new Map(tags.map((tag) => [tag.name, tag.id])),
    fieldIds: {
      rank: field("rank"),
      birthday: field("birthday"),
      points: field("points"),
      interests: field("interests"),
    },
  };
}

interface Fixture {
  channelId: string;
  tagIds: Map<string, string>;
  fieldIds: { rank: string; birthday: string; points: string; interests: string };
}

async function generate(db: Kysely<DB>): Promise<Fixture> {
  const channelId = await benchChannel(db);
  const tags = await db
    .insertInto("tags")
    .values(
      [...TAGS.map(([name]) => name), EXCLUSIVE_TAG].map((name) => ({
        channel_id: channelId,
        name,
        color: null,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const tagIds = new Map(tags.map((tag) => [tag.name, tag.id]));
  const field = async (key: string, type: string, choices: string[] | null) =>
    (
      await db
        .insertInto("custom_fields")
        .values({ channel_id: channelId, key, label: key, type: type as "text", choices })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const fieldIds = {
    rank: await field("rank", "single_choice", ["gold", "silver", "bronze"]),
    birthday: await field("birthday", "date", null),
    points: await field("points", "number", null),
    interests: await field("interests", "multi_choice", ["服", "靴", "バッグ", "コスメ"]),
  };
  const routes = await db
    .insertInto("inflow_routes")
    .values(
      ["店頭POP", "Instagram広告", "チラシ", "Webサイト"].map((name, i) => ({
        channel_id: channelId,
        name,
        code: `benchroute${i}`,
      })),
    )
    .returning("id")
    .execute();

  // Every attribute is drawn independently from a hash of the friend and the attribute
  // (u(k) is uniform in 0..999), so that no two filters are correlated by accident.
  const u = (n: string, k: number) => sql.raw(`(abs(hashint8extended(${n}, ${k})) % 1000)`);

  // Members for the 30 % of friends who are linked.
  await sql`
    INSERT INTO members (external_id, name)
    SELECT 'M' || g, 'member ' || g FROM generate_series(1, ${FRIENDS}) AS g WHERE ${u("g", 1)} < 300`.execute(
    db,
  );
  // A year of follows, one every half minute; one in five friends blocked since; 40 % came
  // through a route; names drawn from common ones, so that searches find many.
  await sql`
    INSERT INTO friends (channel_id, line_user_id, display_name, status, followed_at, blocked_at,
                         status_changed_at, profile_fetched_at, inflow_route_id, member_id)
    SELECT ${channelId}::uuid, 'U' || md5(g::text),
           (${FAMILY}::text[])[1 + ${u("g", 2)} % 10] || ' ' || (${GIVEN}::text[])[1 + ${u("g", 3)} % 10],
           CASE WHEN ${u("g", 4)} < 200 THEN 'blocked' ELSE 'following' END,
           t, CASE WHEN ${u("g", 4)} < 200 THEN t + interval '30 days' END, t, t,
           CASE WHEN ${u("g", 5)} < 400 THEN (${routes.map((r) => r.id)}::uuid[])[1 + ${u("g", 6)} % 4] END,
           members.id
    FROM generate_series(1, ${FRIENDS}) AS g
    CROSS JOIN LATERAL (SELECT timestamptz '2024-01-01' + g * (interval '31536000 seconds' / ${FRIENDS})) AS at(t)
    LEFT JOIN members ON members.external_id = 'M' || g`.execute(db);
  await sql`
    INSERT INTO friend_tags (friend_id, tag_id, tagged_at)
    SELECT friends.id, tags.id, friends.followed_at
    FROM friends
    JOIN tags ON tags.channel_id = friends.channel_id
    JOIN jsonb_each_text(${JSON.stringify(Object.fromEntries(TAGS))}::jsonb) AS share(name, p)
      ON share.name = tags.name
    -- A hash of friend and tag, not random(): random() would be evaluated once per tag.
    WHERE abs(hashtextextended(friends.id || ':' || tags.name, 42)) / 9223372036854775807.0
          < share.p::float8`.execute(db);
  await sql`
    INSERT INTO friend_tags (friend_id, tag_id, tagged_at)
    SELECT friends.id, ${tagIds.get(EXCLUSIVE_TAG)!}::uuid, friends.followed_at FROM friends
    WHERE ${u("friends.id", 20)} < 300
      AND NOT EXISTS (SELECT 1 FROM friend_tags ft
                      WHERE ft.friend_id = friends.id AND ft.tag_id = ${tagIds.get("購入者")!}::uuid)`.execute(
    db,
  );
  await sql`
    INSERT INTO friend_field_values (friend_id, field_id, value_text, value_number, value_date, value_choices)
    SELECT id, ${fieldIds.rank}::uuid,
           (ARRAY['gold', 'silver', 'silver', 'bronze', 'bronze'])[1 + ${u("id", 11)} % 5],
           NULL::numeric, NULL::date, NULL::text[]
    FROM friends WHERE ${u("id", 10)} < 600
    UNION ALL
    SELECT id, ${fieldIds.birthday}::uuid, NULL, NULL,
           date '1960-01-01' + (abs(hashint8extended(id, 13)) % 18000)::int, NULL
    FROM friends WHERE ${u("id", 12)} < 500
    UNION ALL
    SELECT id, ${fieldIds.points}::uuid, NULL, (abs(hashint8extended(id, 15)) % 100000) / 10.0, NULL, NULL
    FROM friends WHERE ${u("id", 14)} < 700
    UNION ALL
    SELECT id, ${fieldIds.interests}::uuid, NULL, NULL, NULL,
           CASE ${u("id", 17)} % 4 WHEN 0 THEN ARRAY['服'] WHEN 1 THEN ARRAY['服', '靴']
                                  WHEN 2 THEN ARRAY['バッグ'] ELSE ARRAY['靴', 'コスメ'] END
    FROM friends WHERE ${u("id", 16)} < 300`.execute(db);
  // As autovacuum leaves a table in use: statistics, and the visibility map that lets
  // index-only scans skip the heap.
  await sql`VACUUM (ANALYZE)`.execute(db);
  return { channelId, tagIds, fieldIds };
}

interface Case {
  name: string;
  run: () => Promise<unknown>;
  /** The page's SQL, for EXPLAIN. */
  explain?: { filter: ResolvedFriendFilter; cursor?: FriendCursor };
}

async function report(database: Database, fixture: Fixture): Promise<void> {
  const { db } = database;
  const { channelId, tagIds, fieldIds } = fixture;
  const resolve = async (filter: FriendFilter) => {
    const resolved = await resolveFriendFilter(db, channelId, filter);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    return resolved.filter;
  };
  const tag = (name: string) => tagIds.get(name)!;
  // Deep pages start from cursors spread over the last tenth of the list.
  const deepCursors = (
    await sql<{ followed_at: Date; id: string }>`
      SELECT followed_at, id FROM friends
      ORDER BY followed_at DESC, id DESC OFFSET ${Math.floor(FRIENDS * 0.9)} LIMIT 20`.execute(db)
  ).rows.map((row) => ({ followedAt: row.followed_at, id: row.id }));
  let deep = 0;

  const filters: [string, FriendFilter, FriendCursor[]?][] = [
    ["first page", {}],
    ["deep keyset page (90 % down)", {}, deepCursors],
    ["status: following", { status: "following" }],
    ["search: 佐藤 (10 %)", { search: "佐藤" }],
    ["search: 佐藤 美咲 (1 %)", { search: "佐藤 美咲" }],
    ["search: no match", { search: "存在しない名前" }],
    ["tag: any of 購入者 (20 %)", { tags: [{ match: "any", tagIds: [tag("購入者")] }] }],
    ["tag: any of 限定招待 (0.1 %)", { tags: [{ match: "any", tagIds: [tag("限定招待")] }] }],
    [
      "tag: all of VIP, 春セール (0.15 %)",
      { tags: [{ match: "all", tagIds: [tag("VIP"), tag("春セール")] }] },
    ],
    [
      "tag: all of 限定招待, 春セール, following (0.002 %)",
      { status: "following", tags: [{ match: "all", tagIds: [tag("限定招待"), tag("春セール")] }] },
    ],
    [
      "tag+status+search: all of VIP, 春セール, following, 佐藤 (0.01 %)",
      {
        status: "following",
        search: "佐藤",
        tags: [{ match: "all", tagIds: [tag("VIP"), tag("春セール")] }],
      },
    ],
    [
      "tag+status+search: any of 限定招待, 休眠, blocked, 美咲",
      {
        status: "blocked",
        search: "美咲",
        tags: [{ match: "any", tagIds: [tag("限定招待"), tag("休眠")] }],
      },
    ],
    [
      "near-empty: 限定招待, blocked, 佐藤 美咲 (0.0002 %)",
      {
        status: "blocked",
        search: "佐藤 美咲",
        tags: [{ match: "any", tagIds: [tag("限定招待")] }],
      },
    ],
    [
      "near-empty: all of 購入者, 未購入クーポン (nobody)",
      { tags: [{ match: "all", tagIds: [tag("購入者"), tag(EXCLUSIVE_TAG)] }] },
    ],
    [
      "near-empty: any of 未購入クーポン and any of 購入者 (nobody)",
      {
        tags: [
          { match: "any", tagIds: [tag(EXCLUSIVE_TAG)] },
          { match: "all", tagIds: [tag("購入者")] },
        ],
      },
    ],
    [
      "near-empty, deep page: all of 購入者, 未購入クーポン",
      { tags: [{ match: "all", tagIds: [tag("購入者"), tag(EXCLUSIVE_TAG)] }] },
      deepCursors,
    ],
    [
      "tag: none of LINE限定クーポン (50 %)",
      { tags: [{ match: "none", tagIds: [tag("LINE限定クーポン")] }] },
    ],
    [
      "field: rank = gold (12 %)",
      { fields: [{ fieldId: fieldIds.rank, op: "equals", value: "gold" }] },
    ],
    [
      "field: birthday in 1990 (1 %)",
      {
        fields: [
          { fieldId: fieldIds.birthday, op: "between", from: "1990-01-01", to: "1990-12-31" },
        ],
      },
    ],
    [
      "field: points > 9990 (0.07 %)",
      { fields: [{ fieldId: fieldIds.points, op: "gt", value: "9990" }] },
    ],
    [
      "field: interests includes 靴 (15 %)",
      { fields: [{ fieldId: fieldIds.interests, op: "includes", choices: ["靴"] }] },
    ],
    ["link: not linked, route: none", { link: "not_linked", routes: ["none"] }],
    [
      "combined: following, 購入者, not VIP, gold, not linked",
      {
        status: "following",
        tags: [
          { match: "any", tagIds: [tag("購入者")] },
          { match: "none", tagIds: [tag("VIP")] },
        ],
        fields: [{ fieldId: fieldIds.rank, op: "equals", value: "gold" }],
        link: "not_linked",
      },
    ],
    [
      "combined, deep page",
      {
        status: "following",
        tags: [{ match: "any", tagIds: [tag("メルマガ")] }],
        fields: [{ fieldId: fieldIds.points, op: "gt", value: "5000" }],
      },
      deepCursors,
    ],
  ];

  const cases: Case[] = [
    {
      name: "baseline: SELECT … ORDER BY id LIMIT 50",
      run: () =>
        sql`SELECT id, line_user_id, display_name, status, followed_at FROM friends ORDER BY id LIMIT ${PAGE}`.execute(
          db,
        ),
    },
  ];
  for (const [name, filter, cursors] of filters) {
    const resolved = await resolve(filter);
    cases.push({
      name,
      run: () =>
        listFriends(db, resolved, {
          cursor: cursors ? cursors[deep++ % cursors.length] : undefined,
          limit: PAGE,
        }),
      explain: { filter: resolved, ...(cursors ? { cursor: cursors[0] } : {}) },
    });
  }

  console.log(
    `\nOne page of ${PAGE} friends (page query + its friends' tags), ${SAMPLES} samples each, on PostgreSQL.`,
  );
  console.log(
    `Machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()[0]?.toFixed(1)}.\n`,
  );
  console.log(
    `${"case".padEnd(56)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"cpu ms".padStart(8)} ${"rows".padStart(6)}`,
  );
  for (const item of cases) {
    for (let i = 0; i < 5; i++) await item.run();
    const times: number[] = [];
    let rows = 0;
    const cpuBefore = await serverCpuMs(db);
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      const result = (await item.run()) as { friends?: unknown[]; rows?: unknown[] };
      times.push(performance.now() - start);
      rows = (result.friends ?? result.rows ?? []).length;
    }
    const cpu = cpuSince(cpuBefore, await serverCpuMs(db)) / SAMPLES;
    times.sort((a, b) => a - b);
    console.log(
      `${item.name.padEnd(56)} ${percentile(times, 0.5).toFixed(2).padStart(8)} ${percentile(times, 0.99).toFixed(2).padStart(8)} ${cpu.toFixed(1).padStart(8)} ${String(rows).padStart(6)}`,
    );
    if (process.env.BENCH_EXPLAIN && item.explain) await explain(db, item.explain);
  }

  console.log('\nCounts (the "all N matching" of a bulk edit), one run each:');
  for (const [name, filter] of filters.filter(([, , cursors]) => !cursors)) {
    const resolved = await resolve(filter);
    const start = performance.now();
    const count = await countFriends(db, resolved);
    console.log(
      `${name.padEnd(56)} ${(performance.now() - start).toFixed(0).padStart(8)} ms ${count.toLocaleString("en").padStart(10)}`,
    );
  }
}

async function explain(db: Kysely<DB>, spec: NonNullable<Case["explain"]>): Promise<void> {
  const after = (cursor: FriendCursor | undefined) =>
    cursor
      ? sql`AND (friends.followed_at, friends.id) < (${cursor.followedAt}, ${cursor.id}::bigint)`
      : sql``;
  const condition = friendFilterCondition(spec.filter);
  // The two queries of a page as listFriends runs them: without parallel workers.
  const walk = await withoutParallelWorkers(db, (trx) =>
    sql<{ "QUERY PLAN": string }>`
      EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
      SELECT friends.id FROM (SELECT * FROM friends
        WHERE friends.channel_id = ${spec.filter.channelId} ${after(spec.cursor)}
        ORDER BY friends.followed_at DESC, friends.id DESC LIMIT ${FRIEND_WALK_LIMIT}) AS friends
      WHERE ${condition} ORDER BY friends.followed_at DESC, friends.id DESC LIMIT ${PAGE + 1}`.execute(
      trx,
    ),
  );
  console.log(`    walk:\n${walk.rows.map((row) => `      ${row["QUERY PLAN"]}`).join("\n")}`);
  const edge = (
    await sql<{ followed_at: Date; id: string }>`
      SELECT followed_at, id FROM friends
      WHERE channel_id = ${spec.filter.channelId} ${after(spec.cursor)}
      ORDER BY followed_at DESC, id DESC OFFSET ${FRIEND_WALK_LIMIT - 1} LIMIT 1`.execute(db)
  ).rows[0];
  if (!edge) return;
  const rest = await withoutParallelWorkers(db, (trx) =>
    sql<{ "QUERY PLAN": string }>`
      EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
      SELECT friends.id, friends.followed_at FROM friends
      WHERE ${condition} ${after({ followedAt: edge.followed_at, id: edge.id })}`.execute(trx),
  );
  console.log(
    `    set-based rest:\n${rest.rows.map((row) => `      ${row["QUERY PLAN"]}`).join("\n")}`,
  );
}

/**
 * What keeping friends.tag_ids costs a marketer: a bulk edit adding a new tag to every friend,
 * then removing it (each also writes a million timeline entries, as every bulk edit does).
 */
async function bulkEdits(database: Database, fixture: Fixture): Promise<void> {
  const { db } = database;
  const { id: tagId } = await db
    .insertInto("tags")
    .values({ channel_id: fixture.channelId, name: "ベンチ一括", color: null })
    .onConflict((conflict) => conflict.columns(["channel_id", "name"]).doUpdateSet({ color: null }))
    .returning("id")
    .executeTakeFirstOrThrow();
  console.log("\nBulk edits of every friend, one run each:");
  for (const kind of ["add_tags", "remove_tags"] as const) {
    const start = performance.now();
    const cpuBefore = await serverCpuMs(db);
    const { changed } = await bulkEditFriends(db, {
      selection: { filter: everyFriend(fixture.channelId) },
      operation: { kind, tagIds: [tagId] },
      actor: "system",
    });
    const wall = performance.now() - start;
    const cpu = cpuSince(cpuBefore, await serverCpuMs(db));
    console.log(
      `${`${kind === "add_tags" ? "add" : "remove"} a tag`.padEnd(40)} ${seconds(wall).padStart(8)} (server CPU ${seconds(cpu)})  ${changed.toLocaleString("en").padStart(10)} friends`,
    );
  }
  // As autovacuum would, before the next run reads the table.
  await sql`VACUUM (ANALYZE) friends, friend_tags`.execute(db);
}

/**
 * CPU time each of the server's processes for this database has used so far, by process id,
 * read from /proc when PostgreSQL runs on this machine (empty otherwise). Per page it shows
 * the work a page costs even when a busy machine makes it wait for a CPU, which wall-clock
 * times include.
 */
async function serverCpuMs(db: Kysely<DB>): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'`.execute(db);
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // utime and stime (fields 14 and 15 of /proc/<pid>/stat) in ticks of 10 ms.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Not on this machine, or the connection just closed.
    }
  }
  return used;
}

/** CPU ms used between two readings by the processes present in both (NaN if none). */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  let seen = false;
  for (const [pid, ms] of after) {
    const start = before.get(pid);
    if (start === undefined) continue;
    total += ms - start;
    seen = true;
  }
  return seen ? total : Number.NaN;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

type DB = Database["db"] extends Kysely<infer T> ? T : never;

await main();
