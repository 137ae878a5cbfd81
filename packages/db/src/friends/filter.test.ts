import {
  type FieldCondition,
  type FriendFilter,
  friendFilterSchema,
  type TagCondition,
} from "@kizuna/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  aChannel,
  aField,
  aFriend,
  aMember,
  aRoute,
  aTag,
  setValue,
  tagFriend,
} from "./builders.ts";
import type { CustomField } from "./custom-fields.ts";
import { resolveFriendFilter } from "./filter.ts";
import { countFriends, type FriendCursor, listFriends } from "./friends.ts";

// Small pools of values, so that random filters and random friends meet often: equal
// numbers, the same day, names that share letters, LIKE's special characters.
const NAME_PARTS = ["a", "B", "b", "%", "_", "\\", "山", "田", " "];
const TEXTS = ["gold", "Gold", "silver 50%", "a_b", "東京"];
const NUMBERS = ["-1.5", "0", "2", "10", "10.25"];
const DAYS = ["1990-01-01", "1999-12-31", "2000-02-29", "2024-06-15"];
const SINGLE = ["s1", "s2", "s3"];
const MULTI = ["m1", "m2", "m3"];
const TIMES = [0, 1, 2, 3, 5, 8].map((minute) => new Date(Date.UTC(2024, 3, 1, 9, minute)));

interface ModelFriend {
  id: string;
  displayName: string | null;
  status: "following" | "blocked";
  followedAt: Date;
  linked: boolean;
  route: number | null;
  tags: number[];
  values: {
    text?: string;
    number?: string;
    date?: string;
    single?: string;
    multi?: string[];
  };
}

const friendArbitrary = fc.record({
  displayName: fc.option(
    fc.array(fc.constantFrom(...NAME_PARTS), { maxLength: 5 }).map((p) => p.join("")),
    { nil: null },
  ),
  status: fc.constantFrom("following" as const, "blocked" as const),
  time: fc.nat(TIMES.length - 1),
  linked: fc.boolean(),
  route: fc.option(fc.nat(1), { nil: null }),
  tags: fc.uniqueArray(fc.nat(3), { maxLength: 4 }),
  values: fc.record(
    {
      text: fc.constantFrom(...TEXTS),
      number: fc.constantFrom(...NUMBERS),
      date: fc.constantFrom(...DAYS),
      single: fc.constantFrom(...SINGLE),
      multi: fc.uniqueArray(fc.constantFrom(...MULTI), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
});

type FieldName = keyof ModelFriend["values"];
const FIELD_NAMES: FieldName[] = ["text", "number", "date", "single", "multi"];

describe.each(testDatabaseKinds())("friend filter on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let tagIds: string[];
  let routeIds: string[];
  let fields: Record<FieldName, CustomField>;
  const friends: ModelFriend[] = [];

  beforeAll(async () => {
    database = await kind.create();
    const { db } = database;
    channelId = await aChannel(db);
    tagIds = [
      await aTag(db, channelId),
      await aTag(db, channelId),
      await aTag(db, channelId),
      await aTag(db, channelId),
    ];
    routeIds = [await aRoute(db, channelId), await aRoute(db, channelId)];
    fields = {
      text: await aField(db, channelId, { type: "text" }),
      number: await aField(db, channelId, { type: "number" }),
      date: await aField(db, channelId, { type: "date" }),
      single: await aField(db, channelId, { type: "single_choice", choices: SINGLE }),
      multi: await aField(db, channelId, { type: "multi_choice", choices: MULTI }),
    };
    // A second channel whose friends no filter of the first may ever return.
    const other = await aChannel(db);
    const otherTag = await aTag(db, other);
    await tagFriend(db, await aFriend(db, other, { displayName: "a" }), [otherTag]);

    for (const spec of fc.sample(friendArbitrary, { numRuns: 120, seed: 4 })) {
      const followedAt = TIMES[spec.time]!;
      const id = await aFriend(db, channelId, {
        displayName: spec.displayName,
        status: spec.status,
        followedAt,
        memberId: spec.linked ? await aMember(db) : null,
        inflowRouteId: spec.route === null ? null : routeIds[spec.route]!,
      });
      await tagFriend(
        db,
        id,
        spec.tags.map((t) => tagIds[t]!),
      );
      for (const name of FIELD_NAMES) {
        const value = spec.values[name];
        if (value !== undefined) await setValue(db, channelId, id, fields[name], value);
      }
      friends.push({ id, ...spec, followedAt, values: spec.values });
    }
  });
  afterAll(() => database?.close());

  const tagConditionArbitrary: fc.Arbitrary<TagCondition> = fc.record({
    match: fc.constantFrom("any" as const, "all" as const, "none" as const),
    tagIds: fc
      .uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 })
      .map((ts) => ts.map((t) => tagIds[t]!)),
  });

  const ordered = (a: string, b: string) => (a <= b ? [a, b] : [b, a]);
  const numberPair = fc
    .tuple(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMBERS))
    .map(([a, b]) => (Number(a) <= Number(b) ? [a, b] : [b, a]));
  const fieldConditionArbitrary: fc.Arbitrary<FieldCondition> = fc.oneof(
    ...FIELD_NAMES.map((name) => fc.constant(name)).map((nameArb) =>
      nameArb.chain((name): fc.Arbitrary<FieldCondition> => {
        const fieldId = fields[name].id;
        const presence = fc
          .constantFrom("is_set" as const, "not_set" as const)
          .map((op) => ({ fieldId, op }));
        switch (name) {
          case "text":
            return fc.oneof(
              presence,
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constantFrom("equals" as const, "contains" as const),
                value: fc.constantFrom(...TEXTS, "old", "%", "_", "a"),
              }),
            );
          case "number":
            return fc.oneof(
              presence,
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constantFrom("equals" as const, "gt" as const, "lt" as const),
                value: fc.constantFrom(...NUMBERS, "10.250", "1"),
              }),
              numberPair.map(([from, to]) => ({
                fieldId,
                op: "between" as const,
                from: from!,
                to: to!,
              })),
            );
          case "date":
            return fc.oneof(
              presence,
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constantFrom("equals" as const, "gt" as const, "lt" as const),
                value: fc.constantFrom(...DAYS),
              }),
              fc.tuple(fc.constantFrom(...DAYS), fc.constantFrom(...DAYS)).map(([a, b]) => {
                const [from, to] = ordered(a, b);
                return { fieldId, op: "between" as const, from: from!, to: to! };
              }),
            );
          case "single":
            return fc.oneof(
              presence,
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constant("equals" as const),
                value: fc.constantFrom(...SINGLE),
              }),
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constant("includes" as const),
                choices: fc.uniqueArray(fc.constantFrom(...SINGLE), { minLength: 1 }),
              }),
            );
          case "multi":
            return fc.oneof(
              presence,
              fc.record({
                fieldId: fc.constant(fieldId),
                op: fc.constant("includes" as const),
                choices: fc.uniqueArray(fc.constantFrom(...MULTI), { minLength: 1 }),
              }),
            );
          default:
            return name satisfies never;
        }
      }),
    ),
  );

  const filterArbitrary: fc.Arbitrary<FriendFilter> = fc.record(
    {
      status: fc.constantFrom("following" as const, "blocked" as const),
      search: fc.array(fc.constantFrom(...NAME_PARTS), { maxLength: 2 }).map((p) => p.join("")),
      tags: fc.array(tagConditionArbitrary, { minLength: 1, maxLength: 2 }),
      fields: fc.array(fieldConditionArbitrary, { minLength: 1, maxLength: 3 }),
      link: fc.constantFrom("linked" as const, "not_linked" as const),
      routes: fc
        .uniqueArray(fc.constantFrom(0, 1, "none" as const), { minLength: 1 })
        .map((rs) => rs.map((r) => (r === "none" ? r : routeIds[r]!))),
    },
    { requiredKeys: [] },
  );

  /** The filter's meaning, in plain code: what the SQL must agree with. */
  function matches(friend: ModelFriend, filter: FriendFilter): boolean {
    if (filter.status && friend.status !== filter.status) return false;
    const search = filter.search?.trim();
    if (search && !(friend.displayName ?? "\u0000").toLowerCase().includes(search.toLowerCase()))
      return false;
    if (friend.displayName === null && search) return false;
    const tags = new Set(friend.tags.map((t) => tagIds[t]));
    for (const condition of filter.tags ?? []) {
      const has = condition.tagIds.map((id) => tags.has(id));
      if (condition.match === "any" && !has.some(Boolean)) return false;
      if (condition.match === "all" && !has.every(Boolean)) return false;
      if (condition.match === "none" && has.some(Boolean)) return false;
    }
    for (const condition of filter.fields ?? []) {
      const name = FIELD_NAMES.find((n) => fields[n].id === condition.fieldId)!;
      if (!fieldMatches(name, friend.values[name], condition)) return false;
    }
    if (filter.link === "linked" && !friend.linked) return false;
    if (filter.link === "not_linked" && friend.linked) return false;
    if (filter.routes) {
      const route = friend.route === null ? "none" : routeIds[friend.route]!;
      if (!filter.routes.includes(route)) return false;
    }
    return true;
  }

  function fieldMatches(
    name: FieldName,
    value: string | string[] | undefined,
    condition: FieldCondition,
  ): boolean {
    if (condition.op === "is_set") return value !== undefined;
    if (condition.op === "not_set") return value === undefined;
    if (value === undefined) return false;
    const compare = (a: string, b: string) =>
      name === "number" ? Math.sign(Number(a) - Number(b)) : a < b ? -1 : a > b ? 1 : 0;
    const single = value as string;
    switch (condition.op) {
      case "equals":
        return compare(single, condition.value) === 0;
      case "contains":
        return single.toLowerCase().includes(condition.value.toLowerCase());
      case "gt":
        return compare(single, condition.value) > 0;
      case "lt":
        return compare(single, condition.value) < 0;
      case "between":
        return compare(single, condition.from) >= 0 && compare(single, condition.to) <= 0;
      case "includes":
        return (Array.isArray(value) ? value : [value]).some((v) => condition.choices.includes(v));
      default:
        return condition satisfies never;
    }
  }

  const newestFirst = (a: ModelFriend, b: ModelFriend) =>
    b.followedAt.getTime() - a.followedAt.getTime() || Number(BigInt(b.id) - BigInt(a.id));

  it("returns exactly the friends a plain evaluation of the filter selects, newest first, page by page", async () => {
    await fc.assert(
      fc.asyncProperty(
        filterArbitrary,
        fc.integer({ min: 1, max: 40 }),
        // Short walks, so that pages are filled by the walk, by the set-based rest, and by both.
        fc.integer({ min: 1, max: 150 }),
        async (input, pageSize, walkLimit) => {
          // As the API does: the schema trims the search.
          const filter = friendFilterSchema.parse(input);
          const resolved = await resolveFriendFilter(database.db, channelId, filter);
          if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
          const expected = friends
            .filter((f) => matches(f, filter))
            .sort(newestFirst)
            .map((f) => f.id);

          const seen: string[] = [];
          let cursor: FriendCursor | undefined;
          for (let pages = 0; pages < 200; pages++) {
            const page = await listFriends(database.db, resolved.filter, {
              cursor,
              limit: pageSize,
              walkLimit,
            });
            seen.push(...page.friends.map((f) => f.id));
            if (!page.nextCursor) break;
            const last = page.friends.at(-1)!;
            cursor = { followedAt: last.followedAt, id: last.id };
          }
          expect(seen).toEqual(expected);
          expect(await countFriends(database.db, resolved.filter)).toBe(expected.length);
        },
      ),
      {
        numRuns: kind.name === "pglite" ? 150 : 250,
        seed: Number(process.env.FC_SEED ?? Date.now() % 100000),
      },
    );
  });

  it("selects a friend by each kind of condition at least once in the data", () => {
    // Guards the property above against a data set where every filter is trivially empty.
    expect(
      friends.filter((f) => f.tags.length >= 2 && f.values.multi && f.linked).length,
    ).toBeGreaterThan(0);
    expect(
      friends.filter((f) => f.status === "blocked" && f.route === null).length,
    ).toBeGreaterThan(0);
  });

  it("names each unknown tag, route or field of another channel precisely", async () => {
    const other = await aChannel(database.db);
    const foreignTag = await aTag(database.db, other);
    const foreignField = await aField(database.db, other, { type: "text" });
    const resolved = await resolveFriendFilter(database.db, channelId, {
      tags: [{ match: "any", tagIds: [tagIds[0]!, foreignTag] }],
      fields: [{ fieldId: foreignField.id, op: "is_set" }],
      routes: ["none", "00000000-0000-4000-8000-000000000000"],
    });
    expect(resolved).toEqual({
      ok: false,
      problems: [
        { path: "tags.0.tagIds.1", message: "no such tag in this channel" },
        { path: "routes.1", message: "no such inflow route in this channel" },
        { path: "fields.0.fieldId", message: "no such field in this channel" },
      ],
    });
  });
});
