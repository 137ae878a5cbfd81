import { join } from "node:path";
import { createSecretBox } from "@kizuna/core";
import { type Database, migrate, openDatabase } from "@kizuna/db";
import { createEmulator, runEmulatorCli } from "@kizuna/line-emulator";
import { buildServer, connectChannel } from "@kizuna/server";
import { DEMO_OPENS_READ, startWorker } from "@kizuna/worker";
import { pino } from "pino";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { demoLinking, ensureDemoChannel } from "./demo.ts";

const WEB_DIST = join(import.meta.dirname, "..", "..", "web", "dist");

const USAGE = `Usage: kizuna <command>

  start      everything in one process: migrations, server, worker, and the LINE
             emulator with demo data unless LINE_CHANNEL_* are set
  server     the HTTP server only (needs DATABASE_URL)
  worker     the background worker only (needs DATABASE_URL)
  migrate    apply database migrations
  emulator   the LINE Platform emulator alone (--port, --host, --data-file)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "emulator":
      return runEmulatorCli(rest);
    case "migrate":
      return withDatabase(loadConfig(), async (database) => {
        const applied = await migrate(database);
        console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
      });
    case "start":
      return start(loadConfig());
    case "server":
      return server(requirePostgres(loadConfig()));
    case "worker":
      return worker(requirePostgres(loadConfig()));
    default:
      console.log(USAGE);
      if (command && command !== "help" && command !== "--help") process.exitCode = 2;
  }
}

async function openConfigured(config: Config): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, "pglite") });
}

async function withDatabase(
  config: Config,
  work: (database: Database) => Promise<void>,
): Promise<void> {
  const database = await openConfigured(config);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

function requirePostgres(config: Config): Config {
  // PGlite lives inside one process; separate server and worker processes need a server.
  if (!config.databaseUrl)
    throw new ConfigError("Set DATABASE_URL: separate processes share PostgreSQL.");
  return config;
}

async function start(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const database = await openConfigured(config);
  await migrate(database);
  const secretBox = createSecretBox(config.secretKey);
  const deps = {
    database,
    secretBox,
    publicUrl: config.publicUrl,
    webDist: WEB_DIST,
    linking:
      config.line.mode === "emulator"
        ? demoLinking(config.linking, config.publicUrl)
        : config.linking,
  };

  const emulator =
    config.line.mode === "emulator"
      ? createEmulator({ dataFile: join(config.dataDir, "emulator.json") })
      : null;
  const emulatorUrl =
    emulator && config.line.mode === "emulator"
      ? await emulator.listen({ port: config.line.port, host: config.host })
      : null;

  const app = await buildServer(deps, log);
  await app.listen({ port: config.port, host: config.host });
  const worker = await startWorker({
    database,
    secretBox,
    log,
    publicUrl: config.publicUrl,
    // On its own emulator, a friend's read shows on the campaign in a minute, not 10–40.
    ...(emulatorUrl ? { opens: DEMO_OPENS_READ } : {}),
  });

  if (emulatorUrl) {
    const demo = await ensureDemoChannel(deps, emulatorUrl);
    log.info({ lineChannelId: demo.lineChannelId, created: demo.created }, "demo channel ready");
  } else if (config.line.mode === "real") {
    await connectChannel(deps, {
      lineChannelId: config.line.channelId,
      channelSecret: config.line.channelSecret,
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl,
      loginChannelId: config.line.loginChannelId,
      loginChannelSecret: config.line.loginChannelSecret,
    });
  }

  console.log(`\nKizuna is running.\n\n  Admin:         ${config.publicUrl}/`);
  if (emulatorUrl) console.log(`  LINE emulator: ${emulatorUrl}/  (demo channel and friends)`);
  console.log(
    `  Database:      ${config.databaseUrl ? "PostgreSQL" : `PGlite in ${join(config.dataDir, "pglite")}`}\n`,
  );

  onShutdown(async () => {
    await app.close();
    await worker.stop();
    await emulator?.close();
    await database.close();
  });
}

async function server(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel === "warn" ? "info" : config.logLevel });
  const database = await openConfigured(config);
  await migrate(database);
  const app = await buildServer(
    {
      database,
      secretBox: createSecretBox(config.secretKey),
      publicUrl: config.publicUrl,
      webDist: WEB_DIST,
      linking: config.linking,
    },
    log,
  );
  await app.listen({ port: config.port, host: config.host });
  log.info({ url: config.publicUrl }, "server listening");
  onShutdown(async () => {
    await app.close();
    await database.close();
  });
}

async function worker(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel === "warn" ? "info" : config.logLevel });
  const database = await openConfigured(config);
  await migrate(database);
  const running = await startWorker({
    database,
    secretBox: createSecretBox(config.secretKey),
    log,
    publicUrl: config.publicUrl,
  });
  onShutdown(async () => {
    await running.stop();
    await database.close();
  });
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `kizuna: ${error.message}` : error);
  process.exit(1);
});
