/**
 * Segment counts at a million friends and ten million events: the latency of the count query
 * the live-count API runs, for representative definitions (attributes, tags, behaviour in
 * LINE, events with counts and property tests, OR / NOT and an excluded saved segment), beside
 * a baseline in the same run: a plain `count(*)` of the channel's friends. Prints figures;
 * there is no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/segments.ts
 *
 * A throwaway database is created on that server, filled set-based (INSERT … SELECT
 * generate_series), and dropped at the end. BENCH_FRIENDS (default 1000000), BENCH_EVENTS
 * (default 10000000) and BENCH_RUNS (default 5 per case, after one warm-up) shape the run;
 * BENCH_EXPLAIN=1 prints each case's plan; BENCH_KEEP_DB=<name> keeps (and reuses) the data;
 * BENCH_CASES=<regular expression> runs only the cases it finds in their names (and the baseline).
 */

import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import type { SegmentDefinition, SegmentNode } from "@kizuna/core/segments";
import {
  checkedSegmentFriendIds,
  checkSegmentDefinition,
  countSegmentFriendsWithin,
  type DB,
  ensureEventPartitions,
  segmentSession,
} from "@kizuna/db";
import { type Kysely, sql } from "kysely";
import { benchChannel, reusingLine, withBenchDatabase } from "./bench-database.ts";

const FRIENDS = Number(process.env.BENCH_FRIENDS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Six in ten friends are linked to a member; members are numbered 1..MEMBERS. */
const MEMBERS = Math.round(FRIENDS * 0.6);
/** "Now" of the generated data: events and timeline rows lie in the year before it. */
const NOW = new Date();

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
        `Generated ${FRIENDS.toLocaleString("en")} friends, ${MEMBERS.toLocaleString("en")} members, ` +
          `${fixture.timelineRows.toLocaleString("en")} timeline rows and ${EVENTS.toLocaleString("en")} events ` +
          `in ${seconds(performance.now() - started)}.`,
      );
    }
    await report(database.db, fixture);
  });
}

interface Fixture {
  channelId: string;
  tags: Map<string, string>;
  campaigns: { spring: string; summer: string };
  vipSegment: string;
  timelineRows: number;
}

async function readFixture(db: Kysely<DB>): Promise<Fixture> {
  const channel = await db.selectFrom("channels").select("id").executeTakeFirstOrThrow();
  const tags = await db.selectFrom("tags").select(["id", "name"]).execute();
  const campaigns = await db.selectFrom("campaigns").select(["id", "name"]).execute();
  const segment = await db.selectFrom("segments").select("id").executeTakeFirstOrThrow();
  const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM friend_timeline`.execute(db);
  return {
    channelId: channel.id,
    tags: new Map(tags.map((tag) => [tag.name, tag.id])),
    campaigns: {
      spring: campaigns.find((c) => c.name === "spring")!.id,
      summer: campaigns.find((c) => c.name === "summer")!.id,
    },
    vipSegment: segment.id,
    timelineRows: rows.rows[0]!.n,
  };
}

const TAGS: [string, number][] = [
  ["購入者", 0.2],
  ["VIP", 0.05],
  ["メルマガ", 0.25],
  ["限定招待", 0.001],
];
const PREFECTURES = [
  "東京都",
  "神奈川県",
  "大阪府",
  "愛知県",
  "福岡県",
  "北海道",
  "埼玉県",
  "千葉県",
];

async function generate(db: Kysely<DB>): Promise<Fixture> {
  const channelId = await benchChannel(db);
  const tagRows = await db
    .insertInto("tags")
    .values(TAGS.map(([name]) => ({ channel_id: channelId, name, color: null })))
    .returning(["id", "name"])
    .execute();
  const tags = new Map(tagRows.map((tag) => [tag.name, tag.id]));
  const campaign = async (name: string) =>
    (
      await sql<{ id: string }>`
        INSERT INTO campaigns (channel_id, name, messages, status) VALUES (${channelId}, ${name}, '[]', 'done')
        RETURNING id`.execute(db)
    ).rows[0]!.id;
  const campaigns = { spring: await campaign("spring"), summer: await campaign("summer") };

  // Every attribute is drawn from a hash of the row and the attribute (u(k) is uniform in
  // 0..999), so that no two conditions are correlated by accident. Ids are derived from the
  // row number (md5), so that events name members and LINE users without a join.
  const u = (n: string, k: number) => sql.raw(`(abs(hashint8extended(${n}, ${k})) % 1000)`);
  const memberId = (n: string) => sql.raw(`md5('m' || (${n}))::uuid`);
  const lineUser = (n: string) => sql.raw(`'U' || md5('f' || (${n}))`);

  await sql`
    INSERT INTO members (id, external_id, birthday, gender, prefecture, rank, points)
    SELECT ${memberId("g")}, 'M' || g,
           date '1950-01-01' + (abs(hashint8extended(g, 1)) % 21900)::int,
           (ARRAY['female', 'male', 'female', 'male', 'other'])[1 + ${u("g", 2)} % 5],
           (${PREFECTURES}::text[])[1 + ${u("g", 3)} % 8],
           (ARRAY['bronze', 'bronze', 'silver', 'gold'])[1 + ${u("g", 4)} % 4],
           ${u("g", 5)} * 10
    FROM generate_series(1, ${MEMBERS}) AS g`.execute(db);
  // Friend g is linked to member g (the first 60 %); one in five has blocked; three years
  // of follows.
  await sql`
    INSERT INTO friends (channel_id, line_user_id, display_name, status, followed_at, blocked_at,
                         status_changed_at, profile_fetched_at, member_id)
    SELECT ${channelId}::uuid, ${lineUser("g")}, 'friend ' || g,
           CASE WHEN ${u("g", 6)} < 200 THEN 'blocked' ELSE 'following' END,
           t, CASE WHEN ${u("g", 6)} < 200 THEN t + interval '30 days' END, t, t,
           CASE WHEN g <= ${MEMBERS} THEN ${memberId("g")} END
    FROM generate_series(1, ${FRIENDS}) AS g
    CROSS JOIN LATERAL (SELECT ${NOW}::timestamptz - interval '3 years' + g * (interval '3 years' / ${FRIENDS})) AS at(t)`.execute(
    db,
  );
  await sql`
    INSERT INTO friend_tags (friend_id, tag_id, tagged_at)
    SELECT f.id, t.id, f.followed_at
    FROM friends f
    JOIN tags t ON t.channel_id = f.channel_id
    JOIN jsonb_each_text(${JSON.stringify(Object.fromEntries(TAGS))}::jsonb) AS share(name, p)
      ON share.name = t.name
    WHERE abs(hashtextextended(f.id || ':' || t.name, 42)) / 9223372036854775807.0 < share.p::float8`.execute(
    db,
  );

  // The timeline's months get their partitions, as the worker's daily job keeps them.
  await sql`SELECT kizuna_ensure_monthly_partitions('friend_timeline', (${NOW}::timestamptz - interval '13 months')::date, 15)`.execute(
    db,
  );
  // The spring campaign reached every friend who followed 60 days ago, the summer one 40 % of
  // those following 20 days ago; one in ten clicked summer; rich-menu taps.
  const { numAffectedRows } = await sql`
    INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
    SELECT f.channel_id, f.id, ${NOW}::timestamptz - interval '60 days', 'message_sent', 'system',
           jsonb_build_object('campaignId', ${campaigns.spring}::text)
    FROM friends f WHERE f.followed_at < ${NOW}::timestamptz - interval '60 days'
    UNION ALL
    SELECT f.channel_id, f.id, ${NOW}::timestamptz - interval '20 days', 'message_sent', 'system',
           jsonb_build_object('campaignId', ${campaigns.summer}::text)
    FROM friends f WHERE f.status = 'following' AND ${u("f.id", 7)} < 400
    UNION ALL
    SELECT f.channel_id, f.id, ${NOW}::timestamptz - interval '19 days', 'link_clicked', 'friend',
           jsonb_build_object('campaignId', ${campaigns.summer}::text, 'url', 'https://shop.example/sale')
    FROM friends f WHERE f.status = 'following' AND ${u("f.id", 7)} < 40
    UNION ALL
    SELECT f.channel_id, f.id, ${NOW}::timestamptz - (k || ' days')::interval, 'postback', 'friend',
           jsonb_build_object('data', 'menu=coupon', 'richMenuId', 'main', 'area', 'coupon')
    FROM friends f CROSS JOIN generate_series(1, 4) AS k
    WHERE f.status = 'following' AND ${u("f.id", 8)} < 60 + k * 10`.execute(db);

  // Ten million events over the last year: seven in ten name a member, the rest a LINE user
  // (some of whom are not friends).
  const months = Array.from(
    { length: 13 },
    (_, i) => new Date(NOW.getTime() - i * 30 * 86_400_000),
  );
  await ensureEventPartitions(db, months);
  const chunk = 1_000_000;
  for (let from = 1; from <= EVENTS; from += chunk) {
    const to = Math.min(EVENTS, from + chunk - 1);
    await sql`
      INSERT INTO events (occurred_at, type, member_id, line_user_id, properties)
      SELECT ${NOW}::timestamptz - (abs(hashint8extended(g, 11)) % 31536000) * interval '1 second',
             (ARRAY['purchase', 'purchase', 'purchase', 'visit', 'visit', 'visit', 'visit', 'cart', 'cart', 'favourite'])[1 + ${u("g", 12)} % 10],
             CASE WHEN ${u("g", 13)} < 700 THEN ${memberId(`1 + abs(hashint8extended(g, 14)) % ${MEMBERS}`)} END,
             CASE WHEN ${u("g", 13)} >= 700 THEN ${lineUser(`1 + abs(hashint8extended(g, 15)) % ${Math.round(FRIENDS * 1.1)}`)} END,
             jsonb_build_object('amount', 500 + ${u("g", 16)} * 30,
                                'category', (ARRAY['shoes', 'bags', 'tops', 'cosmetics'])[1 + ${u("g", 17)} % 4])
      FROM generate_series(${from}::bigint, ${to}::bigint) AS g`.execute(db);
  }

  const vipSegment = (
    await db
      .insertInto("segments")
      .values({
        channel_id: channelId,
        name: "VIP",
        definition: JSON.stringify({
          version: 1,
          root: { kind: "tag", match: "any", tagIds: [tags.get("VIP")] },
        }),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await sql`VACUUM (ANALYZE)`.execute(db);
  return { channelId, tags, campaigns, vipSegment, timelineRows: Number(numAffectedRows ?? 0) };
}

interface Case {
  name: string;
  run: () => Promise<number>;
  explain?: () => Promise<string[]>;
}

async function report(db: Kysely<DB>, fixture: Fixture): Promise<void> {
  const { channelId, tags, campaigns, vipSegment } = fixture;
  const now = new Date();
  // `rawEventsOnly`: event conditions read raw events only, not the per-friend day rows (0015).
  const segment = async (
    root: SegmentNode,
    options: { rawEventsOnly?: boolean } = {},
  ): Promise<Omit<Case, "name">> => {
    const definition: SegmentDefinition = { version: 1, root };
    const checked = await checkSegmentDefinition(db, channelId, definition);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const context = { channelId, now, ...options };
    return {
      // What the live-count API runs: the count in a transaction with the segment settings.
      run: async () => {
        const counted = await countSegmentFriendsWithin(db, checked.root, context, 600_000);
        if (!counted.ok) throw new Error("timed out");
        return counted.count;
      },
      explain: () =>
        db.transaction().execute(async (trx) => {
          await segmentSession(trx);
          const query = trx
            .selectFrom(checkedSegmentFriendIds(trx, checked.root, context).as("s"))
            .select((eb) => eb.fn.countAll().as("n"))
            .compile();
          const text = query.sql.replace(/\$(\d+)/g, (_, i) =>
            literal(query.parameters[Number(i) - 1]),
          );
          const plan = await sql<{
            "QUERY PLAN": string;
          }>`EXPLAIN (ANALYZE, COSTS OFF) ${sql.raw(text)}`.execute(trx);
          return plan.rows.map((row) => row["QUERY PLAN"]);
        }),
    };
  };
  const last = (amount: number) => ({ type: "last" as const, amount, unit: "days" as const });
  const purchasesOver = (
    amount: number,
    times: number,
    window: ReturnType<typeof last>,
  ): SegmentNode => ({
    kind: "event",
    type: "purchase",
    window,
    where: [{ property: "amount", op: "gte", value: amount }],
    count: { op: "at_least", value: times },
  });
  /** An event case twice: from raw events only, then from the per-friend day rows (0015). */
  const fromRawAndFromDays = async (name: string, root: SegmentNode): Promise<Case[]> => [
    { name: `${name} (raw events)`, ...(await segment(root, { rawEventsOnly: true })) },
    { name, ...(await segment(root)) },
  ];

  const cases: Case[] = [
    {
      name: "baseline: count(*) of the channel's friends",
      run: async () =>
        Number(
          (
            await db
              .selectFrom("friends")
              .select((eb) => eb.fn.countAll<string>().as("n"))
              .where("channel_id", "=", channelId)
              .executeTakeFirstOrThrow()
          ).n,
        ),
    },
    { name: "following", ...(await segment({ kind: "follow_status", status: "following" })) },
    {
      name: "following, tag VIP (5 %)",
      ...(await segment({
        kind: "group",
        match: "all",
        conditions: [
          { kind: "follow_status", status: "following" },
          { kind: "tag", match: "any", tagIds: [tags.get("VIP")!] },
        ],
      })),
    },
    {
      name: "member: female, 20–39, 東京都 or 神奈川県",
      ...(await segment({
        kind: "group",
        match: "all",
        conditions: [
          { kind: "member", field: "gender", op: "includes", choices: ["female"] },
          { kind: "member", field: "age", op: "between", from: "20", to: "39" },
          { kind: "member", field: "prefecture", op: "includes", choices: ["東京都", "神奈川県"] },
        ],
      })),
    },
    {
      name: "received the summer campaign, not clicked it",
      ...(await segment({
        kind: "group",
        match: "all",
        conditions: [
          { kind: "message", action: "received", campaignId: campaigns.summer, window: last(30) },
          {
            kind: "not",
            condition: { kind: "message", action: "clicked", campaignId: campaigns.summer },
          },
        ],
      })),
    },
    ...(await fromRawAndFromDays(
      "2+ purchases of ¥5,000 or more in 30 days",
      purchasesOver(5000, 2, last(30)),
    )),
    ...(await fromRawAndFromDays(
      "2+ purchases of ¥5,000 or more in 365 days",
      purchasesOver(5000, 2, last(365)),
    )),
    ...(await fromRawAndFromDays("purchased in 365 days", {
      kind: "event",
      type: "purchase",
      window: last(365),
    })),
    ...(await fromRawAndFromDays(
      "purchased in 90 days or cart in 7, following, minus segment VIP",
      {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "follow_status", status: "following" },
          {
            kind: "group",
            match: "any",
            conditions: [
              { kind: "event", type: "purchase", window: last(90) },
              { kind: "event", type: "cart", window: last(7) },
            ],
          },
          { kind: "not", condition: { kind: "segment", segmentId: vipSegment } },
        ],
      },
    )),
    ...(await fromRawAndFromDays("linked, following, no visit in 180 days", {
      kind: "group",
      match: "all",
      conditions: [
        { kind: "link", status: "linked" },
        { kind: "follow_status", status: "following" },
        { kind: "not", condition: { kind: "event", type: "visit", window: last(180) } },
      ],
    })),
    {
      name: "tapped the coupon area 3+ times in 90 days",
      ...(await segment({
        kind: "rich_menu",
        richMenuId: "main",
        area: "coupon",
        window: last(90),
        count: { op: "at_least", value: 3 },
      })),
    },
    {
      name: "any of: tag 限定招待, gold rank, clicked summer (OR)",
      ...(await segment({
        kind: "group",
        match: "any",
        conditions: [
          { kind: "tag", match: "any", tagIds: [tags.get("限定招待")!] },
          { kind: "member", field: "rank", op: "equals", value: "gold" },
          { kind: "message", action: "clicked", campaignId: campaigns.summer },
        ],
      })),
    },
  ];

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\n${availableParallelism()} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${RUNS} runs per case after a warm-up; median and fastest.\n`,
  );
  const rows: string[][] = [["case", "friends", "median", "fastest", "× baseline"]];
  let baseline = 0;
  const only = process.env.BENCH_CASES ? new RegExp(process.env.BENCH_CASES) : null;
  for (const item of cases) {
    if (only && item !== cases[0] && !only.test(item.name)) continue;
    const count = await item.run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await item.run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    if (baseline === 0) baseline = median;
    rows.push([
      item.name,
      count.toLocaleString("en"),
      `${median.toFixed(0)} ms`,
      `${times[0]!.toFixed(0)} ms`,
      `${(median / baseline).toFixed(1)}`,
    ]);
    if (process.env.BENCH_EXPLAIN && item.explain)
      console.log(`\n${item.name}\n${(await item.explain()).join("\n")}`);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  "),
    );
}

function literal(value: unknown): string {
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]::text[]`;
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

await main();
