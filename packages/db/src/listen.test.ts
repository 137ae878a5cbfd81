import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./connect.ts";
import { testDatabaseKinds } from "./testing.ts";

async function waitFor<T>(values: T[], count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (values.length < count && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

describe.each(testDatabaseKinds())("LISTEN/NOTIFY on $name", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.create();
  });
  afterAll(() => database?.close());

  it("delivers notifications to every listener of a channel until it unsubscribes", async () => {
    const a: string[] = [];
    const b: string[] = [];
    const stopA = await database.listen("kz_test", (payload) => a.push(payload));
    const stopB = await database.listen("kz_test", (payload) => b.push(payload));
    await sql`SELECT pg_notify('kz_test', 'one')`.execute(database.db);
    await waitFor(b, 1);
    expect([a, b]).toEqual([["one"], ["one"]]);
    await stopA();
    await sql`SELECT pg_notify('kz_test', 'two')`.execute(database.db);
    await waitFor(b, 2);
    expect([a, b]).toEqual([["one"], ["one", "two"]]);
    await stopB();
  });
});

// Only a server can drop the connection; PGlite lives in the process.
describe.each(testDatabaseKinds().filter((k) => k.name === "postgres"))(
  "LISTEN on $name",
  (kind) => {
    let database: Database;
    beforeAll(async () => {
      database = await kind.create();
    });
    afterAll(() => database?.close());

    it("listens again after the server drops the connection", async () => {
      const seen: string[] = [];
      const stop = await database.listen("kz_drop", (payload) => seen.push(payload));
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE 'LISTEN%'`.execute(database.db);
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) {
        await sql`SELECT pg_notify('kz_drop', 'after')`.execute(database.db);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen[0]).toBe("after");
      await stop();
    });
  },
);
