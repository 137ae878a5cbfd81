/**
 * Campaign delivery at LINE's pace: Kizuna's delivery workers (separate processes) send
 * campaigns to the LINE emulator (another process) enforcing LINE's published per-channel
 * rate limits, on PostgreSQL. Prints each campaign's time from its creation to the last
 * request LINE accepted, beside the floor those limits set. Prints figures; no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/delivery.ts
 *
 * 1. 1,000,000 friends, one shared message to a saved segment (the tag 会員, which nine friends
 *    in ten have: 900,000 recipients): multicasts of 500 at 200 requests/s → 9 s floor.
 * 2. 100,000 friends, a personalised message each, to all friends: pushes at 2,000 requests/s
 *    → 50 s floor.
 * 3. (1) again, with the worker killed (SIGKILL) halfway and another started at once.
 * 4. (2) again, with the same kill.
 * 5. Segment count latency on 1,000,000 friends and 10,000,000 events: bench/segments.ts, run
 *    after the campaigns and printed with them.
 *
 * A throwaway database kizuna_bench_delivery_<random> is created and dropped at the end; each
 * scenario gets a fresh emulator (it keeps every delivered message in memory). Friends are
 * created on the emulator in bulk (silent follows) and written to Kizuna in set-based
 * statements, as a follower sync would. BENCH_SCENARIOS (default
 * "shared,personalised,kill,personalised-kill,segment-count"),
 * BENCH_SHARED_FRIENDS (1,000,000), BENCH_PERSONALISED_FRIENDS (100,000) and BENCH_LEASE_MS
 * (the workers' default) shape the run.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ALL_FRIENDS,
  type Audience,
  createSecretBox,
  LINE_SEND_RATES,
  MULTICAST_MAX_RECIPIENTS,
} from "@kizuna/core";
import {
  createCampaign,
  type Database,
  findCampaign,
  migrate,
  openDatabase,
  saveSegment,
} from "@kizuna/db";
import { createEmulator } from "@kizuna/line-emulator";
import { connectChannel } from "@kizuna/server";
import { DEFAULT_DELIVERY_OPTIONS } from "@kizuna/worker";
import { sql } from "kysely";
import pg from "pg";
import { receivedByChannel, seedFriends } from "../e2e/delivery-seed.ts";
import { control } from "../e2e/harness.ts";

const WORKER = join(import.meta.dirname, "..", "e2e", "delivery-worker.ts");

type FromEmulator =
  | { type: "ready"; url: string }
  | { type: "memory"; rssMb: number; heapMb: number };

// ---------------------------------------------------------------------------------------------
// The emulator's own process: `node bench/delivery.ts --emulator`
// ---------------------------------------------------------------------------------------------

async function emulatorProcess(): Promise<void> {
  // LINE's published limits, enforced; no webhooks are sent (follows are silent).
  const emulator = createEmulator({ rateLimits: { enabled: true, multiplier: 1 } });
  const url = await emulator.listen({ port: 0 });
  process.send?.({ type: "ready", url } satisfies FromEmulator);
  process.on("message", (message: { type: string }) => {
    if (message.type === "exit") void emulator.close().then(() => process.exit(0));
    if (message.type === "memory") {
      const memory = process.memoryUsage();
      process.send?.({
        type: "memory",
        rssMb: Math.round(memory.rss / 2 ** 20),
        heapMb: Math.round(memory.heapUsed / 2 ** 20),
      } satisfies FromEmulator);
    }
  });
}

function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), ["--emulator"], {
    // A million delivered messages are kept in memory (about 1 KB each).
    execArgv: [...process.execArgv, "--max-old-space-size=12288"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the emulator process exited (${code})`)));
    child.on("message", (message: FromEmulator) => {
      if (message.type === "ready") resolve({ child, url: message.url });
    });
  });
}

/** Asks the emulator to exit (so that profilers write their files), then makes sure it has. */
async function stopEmulator(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send({ type: "exit" });
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function emulatorMemory(child: ChildProcess): Promise<{ rssMb: number; heapMb: number }> {
  return new Promise((resolve) => {
    const listener = (message: FromEmulator) => {
      if (message.type !== "memory") return;
      child.off("message", listener);
      resolve(message);
    };
    child.on("message", listener);
    child.send({ type: "memory" });
  });
}

// ---------------------------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------------------------

interface Bench {
  database: Database;
  url: string;
  secretKey: Buffer;
  leaseMs: number;
}

interface Outcome {
  scenario: string;
  friends: number;
  /** Who the audience holds: every friend, or the segment's nine in ten. */
  recipients: number;
  floorSeconds: number;
  totalSeconds: number;
  snapshotSeconds: number;
  sendingSeconds: number;
  accepted: number;
  requests: { multicast: number; push: number; retried: number };
  kills: number;
  /** What the emulator's users received: messages, and the friends they went to. */
  received: { messages: number; friends: number };
  emulator: { rssMb: number; heapMb: number };
}

interface Scenario {
  name: string;
  friends: number;
  personalised: boolean;
  /** The worker is SIGKILLed halfway and another started at once. */
  kill: boolean;
}

function startWorker(bench: Bench, logs: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: bench.url,
      KIZUNA_SECRET_KEY: bench.secretKey.toString("base64"),
      KIZUNA_DELIVERY: JSON.stringify({ leaseMs: bench.leaseMs }),
      LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (process.env.BENCH_WORKER_LOG_LEVEL) process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${logs.join("")}`)));
  });
}

async function runScenario(bench: Bench, scenario: Scenario): Promise<Outcome> {
  const { child: emulator, url: emulatorUrl } = await startEmulator();
  const logs: string[] = [];
  let worker: ChildProcess | undefined;
  try {
    const secretBox = createSecretBox(bench.secretKey);
    const line = await control<{
      channelId: string;
      channelSecret: string;
      channelAccessToken: string;
    }>(emulatorUrl, "POST", "/_emulator/channels", { name: `bench ${scenario.name}` });
    const channel = await connectChannel(
      { database: bench.database, secretBox, publicUrl: "http://127.0.0.1:9" },
      {
        lineChannelId: line.channelId,
        channelSecret: line.channelSecret,
        channelAccessToken: line.channelAccessToken,
        apiBaseUrl: emulatorUrl,
      },
    );
    process.stdout.write(
      `  ${scenario.name}: seeding ${scenario.friends.toLocaleString("en-US")} friends…`,
    );
    const seedStarted = performance.now();
    // Personalised: every friend has a name of their own, so every payload differs.
    await seedFriends(
      bench.database,
      emulatorUrl,
      { id: channel.id, lineChannelId: line.channelId },
      scenario.friends,
    );
    // One shared message goes to a saved segment, as the issue asks: friends tagged 会員.
    const audience = scenario.personalised
      ? ALL_FRIENDS
      : await memberSegment(bench.database, channel.id);
    await sql`ANALYZE friends`.execute(bench.database.db);
    await sql`ANALYZE friend_tags`.execute(bench.database.db);
    process.stdout.write(` ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);

    worker = await startWorker(bench, logs);
    const messages = [
      {
        type: "text",
        text: scenario.personalised
          ? "{{name}}さん、いつもご利用ありがとうございます。今週末のセールのご案内です。"
          : "いつもご利用ありがとうございます。今週末のセールのご案内です。",
      },
    ];
    const campaign = await createCampaign(bench.database.db, {
      channelId: channel.id,
      name: `bench ${scenario.name}`,
      messages,
      audience,
      scheduledAt: null,
      createdBy: null,
    });
    let kills = 0;
    let lastPrint = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const current = await findCampaign(bench.database.db, channel.id, campaign.id);
      if (!current) throw new Error("campaign vanished");
      if (current.status === "done" || current.status === "failed") break;
      if (performance.now() - lastPrint > 5_000) {
        lastPrint = performance.now();
        process.stdout.write(
          `    ${current.status} ${current.accepted.toLocaleString("en-US")} / ${current.recipients.toLocaleString("en-US")}\n`,
        );
      }
      if (
        scenario.kill &&
        kills === 0 &&
        current.recipients > 0 &&
        current.accepted >= current.recipients / 2
      ) {
        worker.kill("SIGKILL");
        kills++;
        process.stdout.write(
          `    SIGKILL at ${current.accepted.toLocaleString("en-US")} accepted; another worker starts\n`,
        );
        worker = await startWorker(bench, logs);
      }
    }
    const done = await findCampaign(bench.database.db, channel.id, campaign.id);
    const { rows } = await sql<{
      last_sent: Date;
      multicast: number;
      push: number;
      retried: number;
    }>`
      SELECT max(sent_at) AS last_sent,
        count(*) FILTER (WHERE kind = 'multicast')::int AS multicast,
        count(*) FILTER (WHERE kind = 'push')::int AS push,
        count(*) FILTER (WHERE attempts > 0)::int AS retried
      FROM delivery_batches WHERE campaign_id = ${campaign.id} AND status = 'accepted'`.execute(
      bench.database.db,
    );
    const figures = rows[0]!;
    const created = done!.createdAt.getTime();
    const started = (done!.startedAt ?? done!.createdAt).getTime();
    const last = new Date(figures.last_sent).getTime();
    const recipients = done!.recipients;
    const floorSeconds = scenario.personalised
      ? recipients / LINE_SEND_RATES.push
      : Math.ceil(recipients / MULTICAST_MAX_RECIPIENTS) / LINE_SEND_RATES.multicast;
    return {
      scenario: scenario.name,
      friends: scenario.friends,
      recipients,
      floorSeconds,
      totalSeconds: (last - created) / 1000,
      snapshotSeconds: (started - created) / 1000,
      sendingSeconds: (last - started) / 1000,
      accepted: done!.accepted,
      requests: { multicast: figures.multicast, push: figures.push, retried: figures.retried },
      kills,
      received: await receivedCounts(emulatorUrl, line.channelId),
      emulator: await emulatorMemory(emulator),
    };
  } finally {
    if (worker && worker.exitCode === null) worker.kill("SIGTERM");
    await stopEmulator(emulator);
  }
}

/** Exactly once, seen from LINE's side: each recipient received one message, none two. */
async function receivedCounts(
  emulatorUrl: string,
  lineChannelId: string,
): Promise<{ messages: number; friends: number }> {
  const received = await receivedByChannel(emulatorUrl, lineChannelId);
  return { messages: received.length, friends: new Set(received.map((m) => m.userId)).size };
}

/**
 * Tags nine friends in ten 会員 in one statement and saves the segment "会員" (that tag): the
 * audience of the shared scenarios, snapshotted through the segment compiler.
 */
async function memberSegment(database: Database, channelId: string): Promise<Audience> {
  const tag = await database.db
    .insertInto("tags")
    .values({ channel_id: channelId, name: "会員" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO friend_tags (friend_id, tag_id)
    SELECT f.id, ${tag.id} FROM friends f WHERE f.channel_id = ${channelId} AND f.id % 10 <> 0`.execute(
    database.db,
  );
  const saved = await saveSegment(database.db, {
    channelId,
    name: "会員",
    description: null,
    definition: { version: 1, root: { kind: "tag", match: "any", tagIds: [tag.id] } },
    actor: "system",
  });
  if (!saved.ok) throw new Error(`segment not saved: ${saved.code}`);
  return { type: "segment", segmentId: saved.segment.id };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error("set DATABASE_URL to a PostgreSQL server (a database is created on it)");
  const scenarios = (
    process.env.BENCH_SCENARIOS ?? "shared,personalised,kill,personalised-kill,segment-count"
  ).split(",");
  const sharedFriends = Number(process.env.BENCH_SHARED_FRIENDS ?? 1_000_000);
  const personalisedFriends = Number(process.env.BENCH_PERSONALISED_FRIENDS ?? 100_000);
  const leaseMs = Number(process.env.BENCH_LEASE_MS ?? DEFAULT_DELIVERY_OPTIONS.leaseMs);

  const name = `kizuna_bench_delivery_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 5 });
  const outcomes: Outcome[] = [];
  try {
    await migrate(database);
    const bench: Bench = { database, url: url.toString(), secretKey: randomBytes(32), leaseMs };
    console.log("Campaign delivery at LINE's rate limits (bench/delivery.ts)");
    console.log(
      `node ${process.version} · ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}) · ` +
        `${Math.round(totalmem() / 2 ** 30)} GB · load average ${loadavg()[0]!.toFixed(1)} · ` +
        `PostgreSQL · emulator enforcing LINE's limits (multicast 200/s × 500, push 2,000/s) · ` +
        `worker lease ${leaseMs} ms`,
    );
    const specs: Record<string, Scenario> = {
      shared: { name: "shared", friends: sharedFriends, personalised: false, kill: false },
      personalised: {
        name: "personalised",
        friends: personalisedFriends,
        personalised: true,
        kill: false,
      },
      kill: { name: "shared + SIGKILL", friends: sharedFriends, personalised: false, kill: true },
      "personalised-kill": {
        name: "personalised + SIGKILL",
        friends: personalisedFriends,
        personalised: true,
        kill: true,
      },
    };
    for (const scenario of scenarios) {
      if (scenario === "segment-count") continue;
      const spec = specs[scenario];
      if (!spec) throw new Error(`unknown scenario ${scenario}`);
      outcomes.push(await runScenario(bench, spec));
    }
  } finally {
    await database.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  const n = (value: number) => Math.round(value).toLocaleString("en-US");
  const s = (value: number) => `${value.toFixed(1)} s`;
  console.log("");
  console.log(
    "campaign                friends  recipients     floor    creation→last accepted  (snapshot + sending)   vs floor  requests (multicast / push, retried)  kills  received (friends)  emulator RSS",
  );
  for (const o of outcomes) {
    console.log(
      [
        o.scenario.padEnd(22),
        n(o.friends).padStart(9),
        n(o.recipients).padStart(11),
        s(o.floorSeconds).padStart(8),
        s(o.totalSeconds).padStart(12),
        `(${s(o.snapshotSeconds)} + ${s(o.sendingSeconds)})`.padStart(26),
        `${(o.totalSeconds / o.floorSeconds).toFixed(2)}×`.padStart(9),
        `${n(o.requests.multicast)} / ${n(o.requests.push)}, ${n(o.requests.retried)}`.padStart(24),
        String(o.kills).padStart(18),
        `${n(o.received.messages)} (${n(o.received.friends)})`.padStart(19),
        `${n(o.emulator.rssMb)} MB`.padStart(13),
      ].join(" "),
    );
    if (o.accepted !== o.recipients)
      console.log(`  ! accepted ${n(o.accepted)} of ${n(o.recipients)}`);
    if (o.received.messages !== o.received.friends || o.received.friends !== o.recipients)
      console.log(
        `  ! ${n(o.received.messages)} messages reached ${n(o.received.friends)} friends, for ${n(o.recipients)} recipients`,
      );
  }
  if (scenarios.includes("segment-count")) await segmentCounts();
}

/**
 * Segment count latency at a million friends and ten million events: bench/segments.ts, run
 * in its own process after the campaigns (its data takes minutes to generate; BENCH_KEEP_DB
 * reuses it), printing into this report.
 */
async function segmentCounts(): Promise<void> {
  console.log("\nSegment counts (bench/segments.ts)");
  const child = spawn(process.execPath, [join(import.meta.dirname, "segments.ts")], {
    env: process.env,
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`bench/segments.ts exited with ${code}`);
}

if (process.argv.includes("--emulator")) {
  await emulatorProcess();
} else {
  await main();
}
