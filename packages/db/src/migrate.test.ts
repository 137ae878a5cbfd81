import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./connect.ts";
import { loadMigrations, migrate } from "./migrate.ts";
import { testDatabaseKinds } from "./testing.ts";

describe.each(testDatabaseKinds())("migrations on $name", (kind) => {
  it("applies every file once and nothing on a second run", async () => {
    const database = await kind.create();
    try {
      const again = await migrate(database);
      expect(again).toEqual([]);
      const { rows } = await sql<{
        name: string;
      }>`SELECT name FROM kizuna_migrations ORDER BY name`.execute(database.db);
      expect(rows.map((row) => row.name)).toEqual(loadMigrations().map((m) => m.name));
    } finally {
      await database.close();
    }
  });
});

describe("migrations", () => {
  it("roll back a failing file entirely and name it in the error", async () => {
    const database = await openDatabase({});
    try {
      const broken = [
        { name: "0001_ok.sql", sql: "CREATE TABLE a (id int);" },
        { name: "0002_bad.sql", sql: "CREATE TABLE b (id int); SELECT * FROM missing_table;" },
      ];
      await expect(migrate(database, broken)).rejects.toThrow(/0002_bad.sql failed/);
      const { rows } = await sql<{
        name: string | null;
      }>`SELECT to_regclass('b')::text AS name`.execute(database.db);
      expect(rows[0]?.name).toBeNull();
      expect(await migrate(database, broken.slice(0, 1))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
