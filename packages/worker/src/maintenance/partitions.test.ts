import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePartitions } from "./partitions.ts";

describe.each(testDatabaseKinds())("monthly partitions on $name", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.create();
  });
  afterAll(() => database?.close());

  it("exist for this month and the next two, and creating them again changes nothing", async () => {
    await ensurePartitions(database.db);
    await ensurePartitions(database.db);
    const month = (offset: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + offset);
      return `friend_timeline_${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    };
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'friend_timeline'::regclass`.execute(database.db);
    const names = rows.map((r) => r.name);
    for (const offset of [0, 1, 2]) expect(names).toContain(month(offset));
    expect(names).toContain("friend_timeline_default");
  });
});
