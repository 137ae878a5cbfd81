/**
 * The PostgreSQL database a benchmark generates its data in: made on DATABASE_URL's server and
 * dropped at the end, or — with BENCH_KEEP_DB=<name> — kept under that name and reused when it
 * exists, to compare query shapes without generating a million rows each time.
 */
import { randomBytes } from "node:crypto";
import { type Database, type DB, migrate, openDatabase } from "@kizuna/db";
import { type Kysely, sql } from "kysely";
import pg from "pg";

export interface BenchDatabase {
  database: Database;
  name: string;
  /** A kept database from an earlier run: its data is there already. */
  reused: boolean;
  /** Migrations this run applied, and how long they took (on a reused database: on its data). */
  migrated: { names: string[]; ms: number };
}

export async function withBenchDatabase(work: (bench: BenchDatabase) => Promise<void>) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("Set DATABASE_URL to a PostgreSQL server (a throwaway database is made there).");
    process.exit(2);
  }
  const kept = process.env.BENCH_KEEP_DB;
  const name = kept ?? `kizuna_bench_${randomBytes(6).toString("hex")}`;
  const reused = kept !== undefined && (await databaseExists(serverUrl, kept));
  if (!reused) await adminQuery(serverUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  try {
    const started = performance.now();
    const names = await migrate(database);
    // Migrations that rewrote or filled tables leave them without statistics, as autovacuum
    // would not for a while.
    if (reused && names.length > 0) await sql`VACUUM (ANALYZE)`.execute(database.db);
    await work({ database, name, reused, migrated: { names, ms: performance.now() - started } });
  } finally {
    await database.close();
    if (!kept)
      await adminQuery(
        serverUrl,
        `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`,
      );
  }
}

/** "Reusing <name>", with the migrations applied to it and how long they took. */
export function reusingLine(bench: BenchDatabase): string {
  const { names, ms } = bench.migrated;
  const applied =
    names.length > 0 ? `; applied ${names.join(", ")} in ${(ms / 1000).toFixed(1)} s` : "";
  return `Reusing ${bench.name}${applied}.`;
}

/** A statement on the server's maintenance connection (create, drop, look up databases). */
export async function adminQuery(
  serverUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const rows = await adminQuery(serverUrl, "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

/** The one channel a benchmark's data belongs to (no LINE behind it: nothing is sent). */
export async function benchChannel(db: Kysely<DB>): Promise<string> {
  const row = await db
    .insertInto("channels")
    .values({
      line_channel_id: "bench",
      name: "Bench shop",
      secret_enc: "-",
      access_token_enc: "-",
      api_base_url: null,
      bot_user_id: null,
      picture_url: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
