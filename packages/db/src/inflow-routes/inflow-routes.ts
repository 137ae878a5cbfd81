import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** 流入経路: a named URL (and its QR code) that records which route brought a friend. */
export interface InflowRoute {
  id: string;
  channelId: string;
  name: string;
  code: string;
  createdAt: Date;
  archivedAt: Date | null;
  /** All-time visits of /r/<code>, and friends attributed to the route. */
  visits: number;
  friends: number;
}

export const INFLOW_ROUTE_CODE = /^[A-Za-z0-9_-]{6,32}$/;

export type RouteWrite =
  | { ok: true; route: InflowRoute }
  | { ok: false; code: "name_taken" | "code_taken" | "not_found" };

function newRouteCode(): string {
  // 8 random bytes: 11 URL-safe characters, unguessable enough to keep routes unlisted.
  return randomBytes(8).toString("base64url");
}

export async function createInflowRoute(
  db: Kysely<DB>,
  input: { channelId: string; name: string; code?: string | undefined },
): Promise<RouteWrite> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("inflow_routes")
      .select(["channel_id", "name", "code"])
      .where((eb) =>
        eb.or([
          eb.and([eb("channel_id", "=", input.channelId), eb("name", "=", input.name)]),
          ...(input.code ? [eb("code", "=", input.code)] : []),
        ]),
      )
      .executeTakeFirst();
    if (taken) return { ok: false, code: taken.name === input.name ? "name_taken" : "code_taken" };
    const row = await trx
      .insertInto("inflow_routes")
      .values({ channel_id: input.channelId, name: input.name, code: input.code ?? newRouteCode() })
      .onConflict((conflict) => conflict.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { ok: false, code: "name_taken" };
    const route = await findInflowRoute(trx, input.channelId, row.id);
    return route ? { ok: true, route } : { ok: false, code: "not_found" };
  });
}

export async function renameInflowRoute(
  db: Kysely<DB>,
  input: { channelId: string; id: string; name: string },
): Promise<RouteWrite> {
  return db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom("inflow_routes")
      .select("id")
      .where("channel_id", "=", input.channelId)
      .where("name", "=", input.name)
      .where("id", "!=", input.id)
      .executeTakeFirst();
    if (clash) return { ok: false, code: "name_taken" };
    const updated = await trx
      .updateTable("inflow_routes")
      .set({ name: input.name })
      .where("id", "=", input.id)
      .where("channel_id", "=", input.channelId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { ok: false, code: "not_found" };
    const route = await findInflowRoute(trx, input.channelId, input.id);
    return route ? { ok: true, route } : { ok: false, code: "not_found" };
  });
}

/**
 * Archiving keeps the route's friends attributed and its history counted, and stops its
 * URL from adding more (a printed QR code can outlive a campaign).
 */
export async function setInflowRouteArchived(
  db: Kysely<DB>,
  input: { channelId: string; id: string; archived: boolean },
): Promise<boolean> {
  const updated = await db
    .updateTable("inflow_routes")
    .set({ archived_at: input.archived ? new Date() : null })
    .where("id", "=", input.id)
    .where("channel_id", "=", input.channelId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

function routesWithTotals(db: Kysely<DB>) {
  return db
    .selectFrom("inflow_routes as r")
    .select([
      "r.id",
      "r.channel_id",
      "r.name",
      "r.code",
      "r.created_at",
      "r.archived_at",
      sql<number>`(SELECT count(*)::int FROM inflow_route_visits v WHERE v.route_id = r.id)`.as(
        "visits",
      ),
      sql<number>`(SELECT count(*)::int FROM friends f WHERE f.channel_id = r.channel_id AND f.inflow_route_id = r.id)`.as(
        "friends",
      ),
    ]);
}

type RouteRow = Awaited<ReturnType<ReturnType<typeof routesWithTotals>["execute"]>>[number];

function toRoute(row: RouteRow): InflowRoute {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    code: row.code,
    createdAt: row.created_at,
    archivedAt: row.archived_at,
    visits: row.visits,
    friends: row.friends,
  };
}

export async function listInflowRoutes(
  db: Kysely<DB>,
  channelId: string,
  options: { includeArchived?: boolean } = {},
): Promise<InflowRoute[]> {
  let select = routesWithTotals(db).where("r.channel_id", "=", channelId);
  if (!options.includeArchived) select = select.where("r.archived_at", "is", null);
  return (await select.orderBy("r.created_at").execute()).map(toRoute);
}

export async function findInflowRoute(
  db: Kysely<DB>,
  channelId: string,
  id: string,
): Promise<InflowRoute | null> {
  const row = await routesWithTotals(db)
    .where("r.channel_id", "=", channelId)
    .where("r.id", "=", id)
    .executeTakeFirst();
  return row ? toRoute(row) : null;
}

/** The route a public URL names, unless archived. */
export async function findActiveRouteByCode(
  db: Kysely<DB>,
  code: string,
): Promise<{ id: string; channelId: string } | null> {
  if (!INFLOW_ROUTE_CODE.test(code)) return null;
  const row = await db
    .selectFrom("inflow_routes")
    .select(["id", "channel_id"])
    .where("code", "=", code)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return row ? { id: row.id, channelId: row.channel_id } : null;
}

export async function recordRouteVisit(
  db: Kysely<DB>,
  routeId: string,
  at: Date = new Date(),
): Promise<string> {
  const row = await db
    .insertInto("inflow_route_visits")
    .values({ route_id: routeId, visited_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Who the visitor turned out to be, once LINE Login told. */
export async function identifyRouteVisit(
  db: Kysely<DB>,
  visitId: string,
  lineUserId: string,
): Promise<void> {
  await db
    .updateTable("inflow_route_visits")
    .set({ line_user_id: lineUserId })
    .where("id", "=", visitId)
    .execute();
}

/**
 * Attributes a friend to the route that brought them. The first route wins: a friend
 * already attributed keeps their route, and friends who followed through no route keep
 * NULL unless a route later brings them back as a new follow.
 */
export async function attributeFriendToRoute(
  db: Kysely<DB>,
  friendId: string,
  routeId: string,
): Promise<boolean> {
  const updated = await db
    .updateTable("friends")
    .set({ inflow_route_id: routeId })
    .where("id", "=", friendId)
    .where("inflow_route_id", "is", null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export interface RouteDailyCounts {
  routeId: string | null;
  /** One number per day of `days`, oldest first. */
  visits: number[];
  friends: number[];
}

export interface InflowRouteStats {
  /** Japan-time calendar days, `YYYY-MM-DD`, oldest first. */
  days: string[];
  routes: RouteDailyCounts[];
}

/**
 * Visits and friends added per route and day (Japan time) for the last `days` days,
 * including friends who came through no route (`routeId: null`).
 */
export async function inflowRouteStats(
  db: Kysely<DB>,
  channelId: string,
  days: number,
  now: Date = new Date(),
): Promise<InflowRouteStats> {
  const dayList = japanDays(now, days);
  const from = new Date(`${dayList[0]}T00:00:00+09:00`);
  const visits = await db
    .selectFrom("inflow_route_visits as v")
    .innerJoin("inflow_routes as r", "r.id", "v.route_id")
    .select([
      "v.route_id as route_id",
      sql<string>`to_char(v.visited_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')`.as("day"),
      sql<number>`count(*)::int`.as("count"),
    ])
    .where("r.channel_id", "=", channelId)
    .where("v.visited_at", ">=", from)
    .groupBy(["v.route_id", "day"])
    .execute();
  const friends = await db
    .selectFrom("friends")
    .select([
      "inflow_route_id as route_id",
      sql<string>`to_char(followed_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')`.as("day"),
      sql<number>`count(*)::int`.as("count"),
    ])
    .where("channel_id", "=", channelId)
    .where("followed_at", ">=", from)
    .groupBy(["inflow_route_id", "day"])
    .execute();

  const routeIds = (
    await db.selectFrom("inflow_routes").select("id").where("channel_id", "=", channelId).execute()
  ).map((r) => r.id);
  const index = new Map(dayList.map((day, i) => [day, i]));
  const series = new Map<string | null, RouteDailyCounts>(
    [...routeIds, null].map((routeId) => [
      routeId,
      { routeId, visits: dayList.map(() => 0), friends: dayList.map(() => 0) },
    ]),
  );
  for (const row of visits) {
    const i = index.get(row.day);
    const s = series.get(row.route_id);
    if (i !== undefined && s) s.visits[i] = row.count;
  }
  for (const row of friends) {
    const i = index.get(row.day);
    const s = series.get(row.route_id);
    if (i !== undefined && s) s.friends[i] = row.count;
  }
  return { days: dayList, routes: [...series.values()] };
}

/** The last `count` calendar days in Japan, ending today. */
export function japanDays(now: Date, count: number): string[] {
  const todayJst = new Date(now.getTime() + 9 * 3600_000);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(todayJst.getTime() - (count - 1 - i) * 86_400_000);
    return day.toISOString().slice(0, 10);
  });
}
