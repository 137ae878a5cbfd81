import type { MemberUpsert } from "@kizuna/core/members";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import { createMemberAttribute } from "./attributes.ts";
import {
  countOutcomes,
  findMember,
  listMembers,
  previewMemberUpserts,
  upsertMembers,
} from "./members.ts";

const member = (
  externalId: string,
  fields: MemberUpsert["fields"] = {},
  attributes: MemberUpsert["attributes"] = {},
): MemberUpsert => ({ externalId, fields, attributes });

describe.each(testDatabaseKinds())("members on $name", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.create();
    await createMemberAttribute(database.db, { key: "store", label: "店舗", type: "text" });
  });
  afterAll(() => database?.close());

  it("creates, updates and leaves unchanged in one statement, and says which", async () => {
    const { db } = database;
    const first = await upsertMembers(db, [
      member("A1", { email: "a1@example.jp", points: 10 }),
      member("A2", { name: "山田 太郎", birthday: "1990-04-01", gender: "male" }),
    ]);
    expect(Object.fromEntries(first)).toEqual({ A1: "created", A2: "created" });
    const a2 = await findMember(db, "A2");
    const second = await upsertMembers(db, [
      member("A1", { email: "a1@example.jp", points: 10 }),
      member("A2", { points: 5 }),
      member("A3", { prefecture: "東京都" }),
    ]);
    expect(Object.fromEntries(second)).toEqual({ A1: "unchanged", A2: "updated", A3: "created" });
    // Fields the write leaves out keep their value.
    expect(await findMember(db, "A2")).toMatchObject({
      name: "山田 太郎",
      birthday: "1990-04-01",
      gender: "male",
      points: 5,
      createdAt: a2!.createdAt,
    });
    const a1 = await findMember(db, "A1");
    await upsertMembers(db, [member("A1", { email: "a1@example.jp" })]);
    expect((await findMember(db, "A1"))!.updatedAt).toBe(a1!.updatedAt);
  });

  it("clears a field given as null and merges attributes key by key", async () => {
    const { db } = database;
    await upsertMembers(db, [member("B1", { rank: "gold" }, { store: "渋谷店", level: 3 })]);
    await upsertMembers(db, [member("B1", { rank: null }, { level: null, vip: true })]);
    expect(await findMember(db, "B1")).toMatchObject({
      rank: null,
      attributes: { store: "渋谷店", vip: true },
    });
    const again = await upsertMembers(db, [member("B1", {}, { store: "渋谷店", vip: true })]);
    expect(again.get("B1")).toBe("unchanged");
  });

  it("counts what a batch would do without writing it (the dry run)", async () => {
    const { db } = database;
    const batch = [
      member("B1", { rank: null }),
      member("B1x", { rank: "new" }),
      member("A1", { points: 11 }),
    ];
    expect(await previewMemberUpserts(db, batch)).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect(await findMember(db, "B1x")).toBeNull();
    expect((await findMember(db, "A1"))!.points).toBe(10);
    expect(countOutcomes(await upsertMembers(db, batch))).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
    });
  });

  it("pages through members by external id, and finds them by id, e-mail, phone or name", async () => {
    const { db } = database;
    await upsertMembers(
      db,
      Array.from({ length: 25 }, (_, i) =>
        member(`P${String(i).padStart(3, "0")}`, {
          name: i === 7 ? "佐藤 花子" : `会員 ${i}`,
          email: `p${i}@example.jp`,
          phone: `090000000${String(i).padStart(2, "0")}`,
        }),
      ),
    );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listMembers(db, { after, limit: 10 });
      seen.push(...page.members.map((m) => m.externalId));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen.filter((id) => id.startsWith("P"))).toHaveLength(25);

    const find = async (text: string, email: string | null = null, phone: string | null = null) =>
      (await listMembers(db, { search: { text, email, phone }, limit: 10 })).members.map(
        (m) => m.externalId,
      );
    expect(await find("P003")).toEqual(["P003"]);
    expect(await find("佐藤")).toEqual(["P007"]);
    expect(await find("P4@Example.jp", "p4@example.jp")).toEqual(["P004"]);
    expect(await find("090-0000-0012", null, "09000000012")).toEqual(["P012"]);
    expect(await find("100%_")).toEqual([]);
  });
});
