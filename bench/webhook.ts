/**
 * Webhook intake under load: signed LINE webhook requests at rising concurrency against
 * the real Kizuna server on PostgreSQL (verify, store durably, answer) and, in the same
 * run and under the same conditions, against a baseline route that only verifies the
 * signature. Prints figures; there is no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/webhook.ts
 *
 * A throwaway database kizuna_bench_<random> is created on that server and dropped at the
 * end. BENCH_SECONDS (default 5) and BENCH_CONNECTIONS (default 1,8,32,128) shape the run.
 */
import { fork } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createSecretBox } from "@kizuna/core";
import { migrate, openDatabase, saveChannel } from "@kizuna/db";
import { type CallbackRequest, signWebhookBody } from "@kizuna/line-emulator";
import autocannon from "autocannon";
import pg from "pg";
import type { FromServers, ToServers } from "./webhook-servers.ts";

const WARMUP_SECONDS = 1;
// Until a target has been measured, warm-ups size their request count from this rate.
const FIRST_GUESS_PER_SECOND = 1000;
const FRIENDS = 1000;

interface Settings {
  seconds: number;
  connections: number[];
}

interface BenchChannel {
  lineChannelId: string;
  secret: string;
  botUserId: string;
}

interface SignedBody {
  body: Buffer;
  signature: string;
}

type TargetName = "baseline" | "kizuna";

interface Target {
  name: TargetName;
  url: string;
}

interface RunFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Bodies signed during the run because the pre-signed ones ran out. */
  late: number;
}

// Set when the run must end early (Ctrl-C, the servers' process died); checked between runs.
let interruption: string | undefined;
let running: autocannon.Instance | undefined;

function interrupt(reason: string): void {
  interruption ??= reason;
  running?.stop();
}

/** The run's shape from the environment, or what is wrong with it. */
function parseSettings(env: NodeJS.ProcessEnv): Settings | string {
  const seconds = Number(env.BENCH_SECONDS ?? 5);
  const connections = (env.BENCH_CONNECTIONS ?? "1,8,32,128").split(",").map(Number);
  if (!(seconds > 0)) return "BENCH_SECONDS must be a positive number.";
  if (!connections.every((n) => Number.isInteger(n) && n > 0)) {
    return "BENCH_CONNECTIONS must be positive integers separated by commas, e.g. 1,8,32.";
  }
  return { seconds, connections };
}

// --- Request bodies -------------------------------------------------------------------

// Crockford's base32, as in ULIDs: LINE's webhookEventId format.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_BYTES_PER_BODY = 74;
let sequence = 0;

function base32(value: number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    text = CROCKFORD[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return text;
}

/** ULID-shaped (time, random, then a sequence): distinct by construction, so Kizuna never dedupes one. */
function webhookEventId(timeMs: number, random: Buffer, n: number): string {
  let middle = "";
  for (let i = 0; i < 10; i++) middle += CROCKFORD[(random[i] ?? 0) % 32];
  return base32(timeMs, 10) + middle + base32(n, 6);
}

/** Distinct text-message events from a crowd of friends, each signed as LINE signs it. */
function signedBodies(count: number, channel: BenchChannel, friends: string[]): SignedBody[] {
  const now = Date.now();
  const random = randomBytes(count * RANDOM_BYTES_PER_BODY);
  const bodies = new Array<SignedBody>(count);
  for (let i = 0; i < count; i++) {
    const n = ++sequence;
    const bytes = random.subarray(i * RANDOM_BYTES_PER_BODY, (i + 1) * RANDOM_BYTES_PER_BODY);
    const request: CallbackRequest = {
      destination: channel.botUserId,
      events: [
        {
          type: "message",
          mode: "active",
          timestamp: now,
          source: { type: "user", userId: friends[n % friends.length]! },
          webhookEventId: webhookEventId(now, bytes.subarray(0, 10), n),
          deliveryContext: { isRedelivery: false },
          replyToken: bytes.subarray(10, 26).toString("hex"),
          message: {
            id: `${now}${String(n % 100_000).padStart(5, "0")}`,
            type: "text",
            quoteToken: bytes.subarray(26, 74).toString("base64url"),
            text: `${n}番のクーポンはまだ使えますか？`,
          },
        },
      ],
    };
    const body = Buffer.from(JSON.stringify(request));
    bodies[i] = { body, signature: signWebhookBody(channel.secret, body) };
  }
  return bodies;
}

/** Pre-signed bodies for one run; should the run ask for more, it signs them on the spot and counts them. */
function bodyFeed(count: number, channel: BenchChannel, friends: string[]) {
  const bodies = signedBodies(count, channel, friends);
  let next = 0;
  let late = 0;
  return {
    take(): SignedBody {
      if (next < bodies.length) return bodies[next++]!;
      late++;
      return signedBodies(1, channel, friends)[0]!;
    },
    late: () => late,
  };
}

// --- Load -----------------------------------------------------------------------------

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

/**
 * Sends `amount` requests over `connections` keep-alive connections and waits for every
 * answer, so each request the server stored was also counted here. Throughput and
 * latencies are taken from the responses themselves (autocannon's histograms round to
 * whole milliseconds and its run ends on a sampling tick).
 */
async function load(
  target: Target,
  connections: number,
  amount: number,
  feed: ReturnType<typeof bodyFeed>,
) {
  const latencies = new Float64Array(amount);
  let answered = 0;
  let lastAnswer = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    running = autocannon(
      {
        url: target.url,
        method: "POST",
        connections,
        amount,
        sampleInt: 100,
        headers: { "content-type": "application/json" },
        requests: [
          {
            setupRequest: (request) => {
              const { body, signature } = feed.take();
              return {
                ...request,
                body,
                headers: { ...request.headers, "x-line-signature": signature },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    running.on("response", (_client, _status, _bytes, responseTime) => {
      if (answered < latencies.length) latencies[answered] = responseTime;
      answered++;
      lastAnswer = performance.now();
    });
  });
  running = undefined;
  const sorted = latencies.subarray(0, Math.min(answered, latencies.length)).sort();
  const figures: RunFigures = {
    requestsPerSecond: answered / ((lastAnswer - started) / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    late: feed.late(),
  };
  return figures;
}

function requestCount(perSecond: number, seconds: number, connections: number): number {
  return Math.max(Math.ceil(perSecond * seconds), connections * 10);
}

async function measure(
  target: Target,
  connections: number,
  seconds: number,
  perSecondGuess: number,
  channel: BenchChannel,
  friends: string[],
) {
  const warmCount = requestCount(perSecondGuess, WARMUP_SECONDS, connections);
  const warm = await load(target, connections, warmCount, bodyFeed(warmCount, channel, friends));
  if (interruption) throw new Error(interruption);
  // Signing happens here, between runs, so that it does not take CPU from the servers.
  const count = requestCount(warm.requestsPerSecond, seconds, connections);
  const measured = await load(target, connections, count, bodyFeed(count, channel, friends));
  if (interruption) throw new Error(interruption);
  return { warm, measured };
}

// --- Output ---------------------------------------------------------------------------

const COLUMNS = [
  "target",
  "conns",
  "req/s",
  "p50 ms",
  "p99 ms",
  "non-2xx",
  "errors",
  "of baseline",
];
const WIDTHS = [9, 6, 10, 9, 9, 8, 7, 12];

function printRow(cells: string[]): void {
  console.log(
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i]!) : cell.padStart(WIDTHS[i]!)))
      .join(" "),
  );
}

function printFigures(
  target: Target,
  connections: number,
  figures: RunFigures,
  baselinePerSecond: number | undefined,
): void {
  printRow([
    target.name,
    String(connections),
    figures.requestsPerSecond.toFixed(0),
    figures.p50.toFixed(2),
    figures.p99.toFixed(2),
    String(figures.non2xx),
    String(figures.errors),
    baselinePerSecond
      ? `${((100 * figures.requestsPerSecond) / baselinePerSecond).toFixed(1)}%`
      : "",
  ]);
  if (figures.late > 0)
    console.log(
      `  (${figures.late} bodies were signed during this run: the pre-signed ones ran out)`,
    );
}

// --- Setup ----------------------------------------------------------------------------

async function adminQuery(serverUrl: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function postgresDescription(serverUrl: string): Promise<string> {
  const [row] = await adminQuery(
    serverUrl,
    `SELECT current_setting('server_version') AS version,
            current_setting('synchronous_commit') AS synchronous_commit,
            current_setting('fsync') AS fsync,
            current_setting('shared_buffers') AS shared_buffers`,
  );
  return `${row?.version} (synchronous_commit=${row?.synchronous_commit}, fsync=${row?.fsync}, shared_buffers=${row?.shared_buffers})`;
}

async function registerChannel(
  databaseUrl: string,
  channel: BenchChannel,
  secretKey: Buffer,
): Promise<void> {
  const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  try {
    await migrate(database);
    const box = createSecretBox(secretKey);
    await saveChannel(database.db, {
      lineChannelId: channel.lineChannelId,
      name: "Webhook bench",
      secretEnc: box.seal(channel.secret),
      accessTokenEnc: box.seal(randomBytes(129).toString("base64")),
      // No worker runs here: nothing calls the Messaging API.
      apiBaseUrl: "http://127.0.0.1:9",
      botUserId: channel.botUserId,
      pictureUrl: null,
    });
  } finally {
    await database.close();
  }
}

/** Starts both servers in one child process; resolves with their webhook URLs. */
async function startServers(start: Extract<ToServers, { type: "start" }>, lineChannelId: string) {
  const child = fork(fileURLToPath(new URL("./webhook-servers.ts", import.meta.url)), {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    if (!stopping) interrupt(`the servers' process exited (${signal ?? `code ${code}`})`);
  });
  const ready = await new Promise<FromServers>((resolve, reject) => {
    child.once("message", (message: FromServers) => resolve(message));
    exited.then(() => reject(new Error("the servers' process exited before it was ready")));
    child.send(start);
  });
  const path = `/webhooks/line/${lineChannelId}`;
  return {
    baselineUrl: `http://127.0.0.1:${ready.baselinePort}${path}`,
    kizunaUrl: `http://127.0.0.1:${ready.kizunaPort}${path}`,
    async stop(): Promise<void> {
      stopping = true;
      const stop: ToServers = { type: "stop" };
      if (child.connected) child.send(stop);
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// --- Run ------------------------------------------------------------------------------

async function bench(databaseUrl: string, settings: Settings): Promise<void> {
  const channel: BenchChannel = {
    lineChannelId: String(randomInt(1_000_000_000, 10_000_000_000)),
    secret: randomBytes(16).toString("hex"),
    botUserId: `U${randomBytes(16).toString("hex")}`,
  };
  const friends = Array.from({ length: FRIENDS }, () => `U${randomBytes(16).toString("hex")}`);
  const secretKey = randomBytes(32);
  await registerChannel(databaseUrl, channel, secretKey);

  const servers = await startServers(
    {
      type: "start",
      databaseUrl,
      secretKey: secretKey.toString("base64"),
      channelSecret: channel.secret,
    },
    channel.lineChannelId,
  );
  const targets: Target[] = [
    { name: "baseline", url: servers.baselineUrl },
    { name: "kizuna", url: servers.kizunaUrl },
  ];
  const lastPerSecond = new Map<TargetName, number>();
  let kizunaAnswered2xx = 0;
  try {
    printRow(COLUMNS);
    for (const connections of settings.connections) {
      let baselinePerSecond: number | undefined;
      for (const target of targets) {
        const guess = lastPerSecond.get(target.name) ?? FIRST_GUESS_PER_SECOND;
        const { warm, measured } = await measure(
          target,
          connections,
          settings.seconds,
          guess,
          channel,
          friends,
        );
        lastPerSecond.set(target.name, measured.requestsPerSecond);
        if (target.name === "kizuna") kizunaAnswered2xx += warm.ok + measured.ok;
        if (warm.non2xx + warm.errors > 0) {
          console.log(`  (warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors)`);
        }
        printFigures(target, connections, measured, baselinePerSecond);
        if (target.name === "baseline") baselinePerSecond = measured.requestsPerSecond;
      }
    }
  } finally {
    await servers.stop();
  }

  const [row] = await adminQuery(databaseUrl, "SELECT count(*)::int AS stored FROM webhook_events");
  const stored = Number(row?.stored);
  console.log(
    `\nwebhook_events stored: ${stored}; 2xx answers from kizuna (warm-ups included): ${kizunaAnswered2xx}` +
      (stored === kizunaAnswered2xx ? " (equal)" : " (MISMATCH)"),
  );
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl?.startsWith("postgres")) {
    console.error(
      "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres.",
    );
    console.error("The bench creates a throwaway database there and drops it at the end.");
    process.exitCode = 2;
    return;
  }
  const settings = parseSettings(process.env);
  if (typeof settings === "string") {
    console.error(settings);
    process.exitCode = 2;
    return;
  }
  const cpuModel = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `machine     ${availableParallelism()} × ${cpuModel}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}`,
  );
  console.log(`node        ${process.version}`);
  // Anything else busy on the machine skews every figure below.
  console.log(
    `load        ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")} (1, 5, 15 min averages before the run)`,
  );
  console.log(`postgresql  ${await postgresDescription(serverUrl)}`);
  console.log(
    `method      1 signed text-message event per request, every body distinct, signed before each run;\n` +
      `            per target and concurrency: ${WARMUP_SECONDS} s warm-up, then ~${settings.seconds} s measured;\n` +
      "            baseline = Fastify route that reads the raw body, runs isSignedByLine and answers 200 {};\n" +
      "            both servers share one child process, the load generator runs in this one\n",
  );

  process.once("SIGINT", () => interrupt("interrupted"));
  const name = `kizuna_bench_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await bench(url.toString(), settings);
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

try {
  await main();
} catch (error) {
  if (!interruption) throw error;
  console.error(`\nstopped early: ${interruption}`);
  process.exitCode = 1;
}
