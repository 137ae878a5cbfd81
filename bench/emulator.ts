/**
 * How fast the LINE emulator serves push and multicast on this machine, next to the rate
 * limits LINE itself enforces per channel (push 2,000 requests/s; multicast 200 requests/s ×
 * 500 recipients). If the emulator is faster than LINE, Kizuna's own delivery benchmarks
 * against it measure Kizuna, not the emulator. Prints figures; there is no pass or fail.
 *
 *   node bench/emulator.ts
 *
 * The emulator runs in a child process (rate limits off, one channel, 500 friends); autocannon
 * generates load from this process. BENCH_SECONDS (default 10) and BENCH_CONNECTIONS
 * (default 32) shape each run; a one-second warm-up precedes it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { FRIENDS, type FromServer, type ToServer } from "./emulator-server.ts";

/** LINE's published per-channel limits (REF#rate-limits) and multicast's recipient cap. */
const LINE_PUSH_PER_SECOND = 2000;
const LINE_MULTICAST_PER_SECOND = 200;
const MULTICAST_RECIPIENTS = 500;

type Figures = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
};

function settings(env: NodeJS.ProcessEnv): { seconds: number; connections: number } {
  const seconds = Number(env.BENCH_SECONDS ?? 10);
  const connections = Number(env.BENCH_CONNECTIONS ?? 32);
  if (!(seconds > 0) || !(Number.isInteger(connections) && connections > 0)) {
    throw new Error(
      "BENCH_SECONDS must be a positive number and BENCH_CONNECTIONS a positive integer",
    );
  }
  return { seconds, connections };
}

function startServer(): Promise<{
  child: ChildProcess;
  ready: Extract<FromServer, { type: "ready" }>;
}> {
  const child = fork(fileURLToPath(new URL("./emulator-server.ts", import.meta.url)), {
    // Multicast runs keep every delivered message in memory.
    execArgv: [...process.execArgv, "--max-old-space-size=8192"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the emulator process exited (${code})`)));
    child.on("message", (message: FromServer) => {
      if (message.type === "ready") resolve({ child, ready: message });
    });
  });
}

function ask(child: ChildProcess, message: ToServer): Promise<FromServer> {
  return new Promise((resolve) => {
    child.once("message", resolve);
    child.send(message);
  });
}

async function load(
  url: string,
  token: string,
  bodies: string[],
  seconds: number,
  connections: number,
): Promise<Figures> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: bodies.map((body) => ({
      method: "POST" as const,
      path: new URL(url).pathname,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const number = (value: number) => Math.round(value).toLocaleString("en-US");

async function main(): Promise<void> {
  const { seconds, connections } = settings(process.env);
  const { child, ready } = await startServer();
  const { baseURL, channelAccessToken, userIds } = ready;
  const text = { type: "text", text: "Hello from the benchmark" };
  const pushBodies = userIds.slice(0, 100).map((to) => JSON.stringify({ to, messages: [text] }));
  const multicastBodies = [
    JSON.stringify({ to: userIds.slice(0, MULTICAST_RECIPIENTS), messages: [text] }),
  ];
  const pushUrl = `${baseURL}/v2/bot/message/push`;
  const multicastUrl = `${baseURL}/v2/bot/message/multicast`;

  console.log("LINE emulator throughput (bench/emulator.ts)");
  console.log(
    `node ${process.version} · ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}) · ` +
      `load average ${loadavg()[0]!.toFixed(1)} · ${seconds} s per run · ${connections} connections · ` +
      `rate limits off · ${FRIENDS} friends`,
  );

  await load(pushUrl, channelAccessToken, pushBodies, 1, connections);
  const push = await load(pushUrl, channelAccessToken, pushBodies, seconds, connections);
  await load(multicastUrl, channelAccessToken, multicastBodies, 1, connections);
  const multicast = await load(
    multicastUrl,
    channelAccessToken,
    multicastBodies,
    seconds,
    connections,
  );
  const memory = await ask(child, { type: "memory" });

  const recipientsPerSecond = multicast.requestsPerSecond * MULTICAST_RECIPIENTS;
  const lineRecipients = LINE_MULTICAST_PER_SECOND * MULTICAST_RECIPIENTS;
  const rows = [
    [
      "push",
      `${number(push.requestsPerSecond)} req/s`,
      `${number(LINE_PUSH_PER_SECOND)} req/s`,
      `${(push.requestsPerSecond / LINE_PUSH_PER_SECOND).toFixed(1)}×`,
      `${push.p50} / ${push.p99} ms`,
      `${push.non2xx + push.errors}`,
    ],
    [
      "multicast",
      `${number(multicast.requestsPerSecond)} req/s = ${number(recipientsPerSecond)} recipients/s`,
      `${LINE_MULTICAST_PER_SECOND} req/s = ${number(lineRecipients)} recipients/s`,
      `${(recipientsPerSecond / lineRecipients).toFixed(1)}×`,
      `${multicast.p50} / ${multicast.p99} ms`,
      `${multicast.non2xx + multicast.errors}`,
    ],
  ];
  const header = [
    "endpoint",
    "emulator",
    "LINE's limit per channel",
    "headroom",
    "p50 / p99",
    "failed",
  ];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  }
  if (memory.type === "memory") {
    console.log(
      `emulator memory after the runs: ${number(memory.rssMb)} MB resident, ${number(memory.heapUsedMb)} MB heap ` +
        "(it keeps every delivered message for the control API)",
    );
  }
  const slower = [
    push.requestsPerSecond < LINE_PUSH_PER_SECOND,
    recipientsPerSecond < lineRecipients,
  ];
  if (slower.some(Boolean)) {
    console.log(
      "note: below LINE's own limits here; delivery benchmarks against the emulator may measure it.",
    );
  }
  await ask(child, { type: "stop" }).catch(() => {});
  child.kill();
}

await main();
