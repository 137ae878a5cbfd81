import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import { createPgListener } from "./pg-listener.ts";
import type { DB } from "./schema.ts";
import { SerializedDriver } from "./serialized-driver.ts";

// Read as strings by both drivers: int8 ids and numeric values must not lose precision,
// and a `date` is a calendar day, not an instant (node-postgres would make it local midnight).
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const AS_TEXT = new Set([INT8_OID, NUMERIC_OID, DATE_OID]);
const asText = (value: string) => value;

export interface SqlSession {
  /** Runs SQL text holding several statements and no parameters (migrations). */
  exec(sqlText: string): Promise<void>;
  /** A parameterized query for libraries that bring their own SQL (pg-boss). */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** What a library that brings its own connection (pg-boss) needs to reach the database. */
export type DatabaseBackend =
  | { kind: "pglite"; pglite: PGlite }
  | { kind: "postgres"; url: string };

export interface Database extends SqlSession {
  readonly kind: "pglite" | "postgres";
  readonly backend: DatabaseBackend;
  readonly db: Kysely<DB>;
  /** Runs `work` on one connection (session-level locks, multi-statement scripts). */
  session<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on a channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent Kizuna runs on embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { pg_trgm },
    parsers: Object.fromEntries([...AS_TEXT].map((oid) => [oid, asText])),
  });
  const dialect = new PGliteDialect({ pglite });
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => new SerializedDriver(dialect.createDriver()),
      createIntrospector: (k) => dialect.createIntrospector(k),
      createQueryCompiler: () => dialect.createQueryCompiler(),
    },
  });
  const session: SqlSession = {
    exec: async (sqlText) => {
      await pglite.exec(sqlText);
    },
    query: (text, values) => pglite.query(text, values as never[]),
  };
  return {
    kind: "pglite",
    backend: { kind: "pglite", pglite },
    db,
    ...session,
    // PGlite is a single connection already.
    session: (work) => work(session),
    listen: async (channel, onPayload) => {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return unsubscribe;
    },
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        AS_TEXT.has(oid)
          ? asText
          : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that the server drops must not crash the process.
  pool.on("error", () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listener = createPgListener(url);
  return {
    kind: "postgres",
    backend: { kind: "postgres", url },
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    query: (text, values) => pool.query(text, values),
    session: async (work) => {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (sqlText) => {
            await client.query(sqlText);
          },
          query: (text, values) => client.query(text, values),
        });
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    close: async () => {
      await listener.close();
      await db.destroy();
    },
  };
}
