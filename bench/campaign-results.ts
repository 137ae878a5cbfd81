/**
 * Campaign results at a million recipients: what the campaign list (20 campaigns) and one
 * A/B campaign's result page cost in `campaignResults` — clicks, opens and, for an A/B split,
 * each variant's recipients, skips, accepted and failed — beside a baseline in the same run:
 * reading the campaigns' rows alone. Prints figures; there is no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/campaign-results.ts
 *
 * A throwaway database is created on that server and filled set-based (INSERT … SELECT
 * generate_series) as the snapshot and the sender leave a finished campaign: one A/B split of
 * BENCH_RECIPIENTS (default 1000000) recipients in 4 variants and 19 single campaigns of
 * 50,000, each with its recipients (some capped, blocked after the snapshot, or refused by LINE
 * by name), the split's counts per variant (0017), its batches of ≤ 500 and its units; then
 * dropped. One case runs what results did before 0017: the split's rows counted by variant.
 * BENCH_RUNS (default 5 per case, after one warm-up) and BENCH_KEEP_DB=<name> (keeps and
 * reuses the data) shape the run.
 */

import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import {
  type CampaignView,
  campaignOutcomes,
  campaignResults,
  type DB,
  findCampaign,
  listCampaigns,
} from "@kizuna/db";
import { type Kysely, sql } from "kysely";
import { benchChannel, reusingLine, withBenchDatabase } from "./bench-database.ts";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SINGLES = 19;
const SINGLE_RECIPIENTS = 50_000;
const VARIANTS = 4;

async function main(): Promise<void> {
  await withBenchDatabase(async (bench) => {
    const { database } = bench;
    if (bench.reused) console.log(reusingLine(bench));
    else {
      const started = performance.now();
      await generate(database.db);
      console.log(
        `Generated an A/B campaign of ${RECIPIENTS.toLocaleString("en")} recipients in ${VARIANTS} variants ` +
          `and ${SINGLES} single campaigns of ${SINGLE_RECIPIENTS.toLocaleString("en")} ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      );
    }
    await report(database.db);
  });
}

async function generate(db: Kysely<DB>): Promise<void> {
  const channelId = await benchChannel(db);
  const text = (t: string) => [{ type: "text", text: t }];
  // Campaign k was created k days ago; the A/B split sits in the middle of the list.
  const split = SINGLES >> 1;
  const campaigns: { id: string; variants: number | null; recipients: number }[] = [];
  for (let k = 0; k <= SINGLES; k++) {
    const isSplit = k === split;
    const row = await db
      .insertInto("campaigns")
      .values({
        channel_id: channelId,
        name: isSplit ? "A/B sale" : `campaign ${k}`,
        messages: JSON.stringify(isSplit ? [] : text(`news ${k}`)),
        variants: isSplit
          ? JSON.stringify(
              Array.from({ length: VARIANTS }, (_, i) => ({
                messages: text(`variant ${i}`),
                weight: 100 / VARIANTS,
              })),
            )
          : null,
        status: "done",
        scheduled_at: sql<Date>`now() - make_interval(days => ${k})`,
        created_at: sql<Date>`now() - make_interval(days => ${k})`,
        started_at: sql<Date>`now() - make_interval(days => ${k})`,
        finished_at: sql<Date>`now() - make_interval(days => ${k}) + interval '10 minutes'`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    campaigns.push({
      id: row.id,
      variants: isSplit ? VARIANTS : null,
      recipients: isSplit ? RECIPIENTS : SINGLE_RECIPIENTS,
    });
  }
  for (const campaign of campaigns) {
    const n = campaign.recipients;
    const u = (k: number) => sql.raw(`(abs(hashint8extended(g, ${k})) % 100000)`);
    // In variant order, each variant a range of seq, as the snapshot draws them: 2 % over the
    // frequency cap, 1 % blocked after the snapshot, one in 50,000 refused by LINE by name.
    await sql`
      INSERT INTO deliveries (campaign_id, seq, friend_id, skip_reason, variant, refused)
      SELECT ${campaign.id}::uuid, g, g,
        CASE WHEN ${u(1)} < 2000 THEN 'capped' WHEN ${u(1)} < 3000 THEN 'blocked' END,
        ${campaign.variants === null ? sql`NULL` : sql`((g - 1) * ${campaign.variants} / ${n})`}::smallint,
        CASE WHEN ${u(1)} >= 3000 AND ${u(2)} < 2 THEN 'Must be a valid user ID' END
      FROM generate_series(1, ${n}) AS g`.execute(db);
    // Its counts per variant, as the snapshot writes them and skips and refusals move them.
    await sql`
      INSERT INTO campaign_variant_counts (campaign_id, variant, recipients, skipped, refused)
      SELECT campaign_id, variant, count(*), count(skip_reason), count(refused)
      FROM deliveries WHERE campaign_id = ${campaign.id} AND variant IS NOT NULL
      GROUP BY campaign_id, variant`.execute(db);
    // Multicasts of ≤ 500 sendable recipients, never across variants; one in a hundred failed.
    await sql`
      INSERT INTO delivery_batches (campaign_id, channel_id, kind, seq_from, seq_to, recipients,
                                    status, attempts, sent_at, variant, reason)
      SELECT ${campaign.id}::uuid, ${channelId}::uuid, 'multicast', min(seq), max(seq), count(*),
        CASE WHEN (array_agg(seq ORDER BY seq))[1] % 100 = 7 THEN 'failed' ELSE 'accepted' END,
        1, c.finished_at, variant,
        CASE WHEN (array_agg(seq ORDER BY seq))[1] % 100 = 7 THEN 'server_error' END
      FROM (
        SELECT seq, variant, (row_number() OVER (PARTITION BY variant ORDER BY seq) - 1) / 500 AS n
        FROM deliveries
        WHERE campaign_id = ${campaign.id} AND skip_reason IS NULL AND refused IS NULL) d,
        campaigns c
      WHERE c.id = ${campaign.id}
      GROUP BY variant, n, c.finished_at`.execute(db);
    await sql`
      UPDATE campaigns c SET
        recipients = t.recipients, skipped_capped = t.capped, skipped_blocked = t.blocked,
        accepted = b.accepted, failed = b.failed + t.refused, next_seq = t.recipients + 1
      FROM (SELECT count(*)::int AS recipients,
                   count(*) FILTER (WHERE skip_reason = 'capped')::int AS capped,
                   count(*) FILTER (WHERE skip_reason = 'blocked')::int AS blocked,
                   count(refused)::int AS refused
            FROM deliveries WHERE campaign_id = ${campaign.id}) t,
           (SELECT coalesce(sum(recipients) FILTER (WHERE status = 'accepted'), 0)::int AS accepted,
                   coalesce(sum(recipients) FILTER (WHERE status = 'failed'), 0)::int AS failed
            FROM delivery_batches WHERE campaign_id = ${campaign.id}) b
      WHERE c.id = ${campaign.id}`.execute(db);
    // Its units in LINE's statistics, read once.
    await sql`
      INSERT INTO campaign_opens (campaign_id, channel_id, variant, delivered, unique_impressions,
                                  unique_clicks, read_at, attempted_at)
      SELECT ${campaign.id}::uuid, ${channelId}::uuid, v, ${Math.round(n * 0.9)} / coalesce(${campaign.variants}, 1),
        ${Math.round(n * 0.4)} / coalesce(${campaign.variants}, 1), ${Math.round(n * 0.05)} / coalesce(${campaign.variants}, 1),
        now(), now()
      FROM unnest(${
        campaign.variants === null ? [null] : Array.from({ length: campaign.variants }, (_, i) => i)
      }::smallint[]) AS v`.execute(db);
  }
  await sql`VACUUM (ANALYZE)`.execute(db);
}

interface Case {
  name: string;
  run: () => Promise<unknown>;
}

async function report(db: Kysely<DB>): Promise<void> {
  const channel = await db.selectFrom("channels").select("id").executeTakeFirstOrThrow();
  const list = await listCampaigns(db, channel.id, 20);
  const split = list.find((c) => c.variants)!;
  const one: CampaignView[] = [split];
  const cases: Case[] = [
    { name: "baseline: the list's 20 campaign rows", run: () => listCampaigns(db, channel.id, 20) },
    { name: "campaignResults, the list (20)", run: () => campaignResults(db, list) },
    {
      name: "baseline: the A/B campaign's row",
      run: () => findCampaign(db, channel.id, split.id),
    },
    { name: "campaignResults, the A/B result page", run: () => campaignResults(db, one) },
    {
      name: "before 0017: the A/B split's recipients counted by variant",
      run: () =>
        db
          .selectFrom("deliveries")
          .select([
            "campaign_id",
            "variant",
            sql<number>`count(*)::int`.as("recipients"),
            sql<number>`count(skip_reason)::int`.as("skipped"),
            sql<number>`count(refused)::int`.as("refused"),
          ])
          .where("campaign_id", "in", [split.id])
          .groupBy(["campaign_id", "variant"])
          .execute(),
    },
    { name: "campaignOutcomes, the A/B result page", run: () => campaignOutcomes(db, split.id) },
  ];

  const [results] = await campaignResults(db, one);
  console.log(
    `\nThe A/B campaign's variants: ${results!
      .variants!.map(
        (v) =>
          `${v.label} ${v.recipients.toLocaleString("en")} (skipped ${v.skipped.toLocaleString("en")}, ` +
          `accepted ${v.accepted.toLocaleString("en")}, failed ${v.failed.toLocaleString("en")})`,
      )
      .join("; ")}.`,
  );
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\n${availableParallelism()} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${RUNS} runs per case after a warm-up; median and fastest.\n`,
  );
  const rows: string[][] = [["case", "median", "fastest"]];
  for (const item of cases) {
    await item.run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await item.run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push([
      item.name,
      `${times[Math.floor(times.length / 2)]!.toFixed(1)} ms`,
      `${times[0]!.toFixed(1)} ms`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  "),
    );
}

await main();
