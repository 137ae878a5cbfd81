import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database, SqlSession } from "./connect.ts";

const MIGRATIONS_DIR = join(import.meta.dirname, "..", "migrations");
// Any constant: serializes concurrent migration runs against one PostgreSQL.
const MIGRATION_LOCK = 4_242_001;

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

/**
 * Applies the ordered SQL files not yet applied, each in its own transaction, and
 * returns the names applied. The same files run on PGlite and on PostgreSQL.
 */
export function migrate(database: Database, migrations = loadMigrations()): Promise<string[]> {
  return database.session(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      return await applyPending(session, migrations);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  });
}

async function applyPending(session: SqlSession, migrations: Migration[]): Promise<string[]> {
  await session.exec(`
    CREATE TABLE IF NOT EXISTS kizuna_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await session.query("SELECT name FROM kizuna_migrations");
  const done = new Set(rows.map((row) => (row as { name: string }).name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    try {
      // The file name is checked by loadMigrations' pattern, so it is safe to inline.
      await session.exec(
        `BEGIN;\n${migration.sql}\n;INSERT INTO kizuna_migrations (name) VALUES ('${migration.name}');\nCOMMIT;`,
      );
    } catch (error) {
      await session.exec("ROLLBACK").catch(() => {});
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    applied.push(migration.name);
  }
  return applied;
}
