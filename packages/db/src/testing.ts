import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./connect.ts";
import { migrate } from "./migrate.ts";

export interface TestDatabaseKind {
  name: "pglite" | "postgres";
  /** A fresh, migrated, empty database; closing it drops it. */
  create(): Promise<Database>;
}

/** PGlite always; PostgreSQL too when DATABASE_URL points at a server (CI does). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: "pglite", create: createPglite }];
  const url = process.env.DATABASE_URL;
  if (url) kinds.push({ name: "postgres", create: () => createPostgres(url) });
  return kinds;
}

async function createPglite(): Promise<Database> {
  const database = await openDatabase({});
  await migrate(database);
  return database;
}

async function createPostgres(serverUrl: string): Promise<Database> {
  const name = `kizuna_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 5 });
  await migrate(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
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
