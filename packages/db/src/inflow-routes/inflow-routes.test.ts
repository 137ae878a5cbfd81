import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { ensureFollowingFriend } from "../linking/members.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  attributeFriendToRoute,
  createInflowRoute,
  findActiveRouteByCode,
  identifyRouteVisit,
  inflowRouteStats,
  japanDays,
  listInflowRoutes,
  recordRouteVisit,
  renameInflowRoute,
  setInflowRouteArchived,
} from "./inflow-routes.ts";

describe.each(testDatabaseKinds())("inflow routes on $name", (kind) => {
  let database: Database;
  let channelId: string;

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "300",
        name: "Shop",
        secret_enc: "s",
        access_token_enc: "t",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
  });
  afterAll(() => database?.close());

  it("creates a route with an unguessable code and refuses a second of the same name", async () => {
    const created = await createInflowRoute(database.db, { channelId, name: "店頭POP" });
    if (!created.ok) throw new Error(created.code);
    expect(created.route.code).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(await createInflowRoute(database.db, { channelId, name: "店頭POP" })).toEqual({
      ok: false,
      code: "name_taken",
    });
    expect(
      await createInflowRoute(database.db, { channelId, name: "Other", code: created.route.code }),
    ).toEqual({ ok: false, code: "code_taken" });
    const renamed = await renameInflowRoute(database.db, {
      channelId,
      id: created.route.id,
      name: "店頭POP 2026春",
    });
    expect(renamed).toMatchObject({ ok: true, route: { name: "店頭POP 2026春" } });
  });

  it("counts visits and attributes a friend to the first route only", async () => {
    const a = await createInflowRoute(database.db, {
      channelId,
      name: "Instagram",
      code: "insta-2026",
    });
    const b = await createInflowRoute(database.db, { channelId, name: "Flyer" });
    if (!a.ok || !b.ok) throw new Error("routes");
    expect(await findActiveRouteByCode(database.db, "insta-2026")).toEqual({
      id: a.route.id,
      channelId,
    });
    const visit = await recordRouteVisit(database.db, a.route.id);
    await recordRouteVisit(database.db, a.route.id);
    const { friendId } = await ensureFollowingFriend(
      database.db,
      channelId,
      `U${"a".repeat(32)}`,
      new Date(),
    );
    await identifyRouteVisit(database.db, visit, `U${"a".repeat(32)}`);
    expect(await attributeFriendToRoute(database.db, friendId, a.route.id)).toBe(true);
    expect(await attributeFriendToRoute(database.db, friendId, b.route.id)).toBe(false);
    await ensureFollowingFriend(database.db, channelId, `U${"b".repeat(32)}`, new Date());

    const routes = await listInflowRoutes(database.db, channelId);
    expect(routes.find((r) => r.id === a.route.id)).toMatchObject({ visits: 2, friends: 1 });
    expect(routes.find((r) => r.id === b.route.id)).toMatchObject({ visits: 0, friends: 0 });

    const stats = await inflowRouteStats(database.db, channelId, 7);
    expect(stats.days).toHaveLength(7);
    const today = stats.days.length - 1;
    const ofA = stats.routes.find((r) => r.routeId === a.route.id);
    const none = stats.routes.find((r) => r.routeId === null);
    expect(ofA?.visits[today]).toBe(2);
    expect(ofA?.friends[today]).toBe(1);
    expect(none?.friends[today]).toBeGreaterThanOrEqual(1);
  });

  it("stops an archived route's URL but keeps it in the list on request", async () => {
    const route = await createInflowRoute(database.db, { channelId, name: "Old campaign" });
    if (!route.ok) throw new Error(route.code);
    await setInflowRouteArchived(database.db, { channelId, id: route.route.id, archived: true });
    expect(await findActiveRouteByCode(database.db, route.route.code)).toBeNull();
    expect((await listInflowRoutes(database.db, channelId)).map((r) => r.id)).not.toContain(
      route.route.id,
    );
    expect(
      (await listInflowRoutes(database.db, channelId, { includeArchived: true })).map((r) => r.id),
    ).toContain(route.route.id);
  });

  it("counts days in Japan time", () => {
    expect(japanDays(new Date("2026-03-31T15:30:00Z"), 3)).toEqual([
      "2026-03-30",
      "2026-03-31",
      "2026-04-01",
    ]);
  });
});
