import {
  checkFieldConditions,
  type FieldDefinition,
  type FilterProblem,
  type FriendFilter,
  type TypedFieldCondition,
} from "@kizuna/core";
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { DB } from "../schema.ts";

/** A filter checked against a channel's tags, fields and routes, ready to compile. */
export interface ResolvedFriendFilter {
  channelId: string;
  filter: FriendFilter;
  fields: TypedFieldCondition[];
}

export type FilterResolution =
  | { ok: true; filter: ResolvedFriendFilter }
  | { ok: false; problems: FilterProblem[] };

/**
 * Checks that every tag, field and route a filter names belongs to the channel, and that
 * each field condition suits its field's type. Problems name the exact place.
 */
export async function resolveFriendFilter(
  db: Kysely<DB>,
  channelId: string,
  filter: FriendFilter,
): Promise<FilterResolution> {
  const tagIds = [...new Set(filter.tags?.flatMap((condition) => condition.tagIds) ?? [])];
  const fieldIds = [...new Set(filter.fields?.map((condition) => condition.fieldId) ?? [])];
  const routeIds = [...new Set(filter.routes?.filter((route) => route !== "none") ?? [])];
  const [tags, fields, routes] = await Promise.all([
    tagIds.length === 0
      ? []
      : db
          .selectFrom("tags")
          .select("id")
          .where("channel_id", "=", channelId)
          .where("id", "in", tagIds)
          .execute(),
    fieldIds.length === 0
      ? []
      : db
          .selectFrom("custom_fields")
          .select(["id", "label", "type", "choices"])
          .where("channel_id", "=", channelId)
          .where("id", "in", fieldIds)
          .execute(),
    routeIds.length === 0
      ? []
      : db
          .selectFrom("inflow_routes")
          .select("id")
          .where("channel_id", "=", channelId)
          .where("id", "in", routeIds)
          .execute(),
  ]);
  const problems: FilterProblem[] = [];
  const knownTags = new Set(tags.map((tag) => tag.id));
  for (const [i, condition] of (filter.tags ?? []).entries())
    for (const [j, tagId] of condition.tagIds.entries())
      if (!knownTags.has(tagId))
        problems.push({ path: `tags.${i}.tagIds.${j}`, message: "no such tag in this channel" });
  const knownRoutes = new Set(routes.map((route) => route.id));
  for (const [i, route] of (filter.routes ?? []).entries())
    if (route !== "none" && !knownRoutes.has(route))
      problems.push({ path: `routes.${i}`, message: "no such inflow route in this channel" });
  const definitions = new Map<string, FieldDefinition>(fields.map((field) => [field.id, field]));
  const checked = checkFieldConditions(filter.fields ?? [], definitions);
  if (!checked.ok) problems.push(...checked.problems);
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };
  return { ok: true, filter: { channelId, filter, fields: checked.conditions } };
}

/**
 * The filter as one SQL condition on `friends` (the table, unaliased), with every operand
 * a bound parameter. The same condition serves the list, the count, bulk edits and the
 * export, so they always agree on who matches.
 */
export function friendFilterCondition(resolved: ResolvedFriendFilter): Expression<SqlBool> {
  const { filter } = resolved;
  const parts: RawBuilder<unknown>[] = [sql`friends.channel_id = ${resolved.channelId}`];
  if (filter.status) parts.push(sql`friends.status = ${filter.status}`);
  if (filter.search)
    parts.push(sql`friends.display_name ILIKE ${`%${escapeLike(filter.search)}%`}`);
  for (const condition of filter.tags ?? []) {
    const hasTag = (ids: readonly string[]) =>
      sql`EXISTS (SELECT 1 FROM friend_tags ft WHERE ft.friend_id = friends.id AND ft.tag_id = ANY(${ids}::uuid[]))`;
    switch (condition.match) {
      case "any":
        parts.push(hasTag(condition.tagIds));
        break;
      // One EXISTS per tag: each is an index probe, and the planner can start from the rarest.
      case "all":
        for (const tagId of new Set(condition.tagIds)) parts.push(hasTag([tagId]));
        break;
      case "none":
        parts.push(sql`NOT ${hasTag(condition.tagIds)}`);
        break;
      default:
        condition.match satisfies never;
    }
  }
  for (const condition of resolved.fields) parts.push(fieldCondition(condition));
  if (filter.link === "linked") parts.push(sql`friends.member_id IS NOT NULL`);
  if (filter.link === "not_linked") parts.push(sql`friends.member_id IS NULL`);
  if (filter.routes) {
    const ids = filter.routes.filter((route) => route !== "none");
    const none = filter.routes.includes("none");
    const anyRoute = sql`friends.inflow_route_id = ANY(${ids}::uuid[])`;
    if (ids.length > 0 && none) parts.push(sql`(${anyRoute} OR friends.inflow_route_id IS NULL)`);
    else if (ids.length > 0) parts.push(anyRoute);
    else parts.push(sql`friends.inflow_route_id IS NULL`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

function fieldCondition(condition: TypedFieldCondition): RawBuilder<unknown> {
  const value = (predicate: RawBuilder<unknown> | null) =>
    sql`EXISTS (SELECT 1 FROM friend_field_values v WHERE v.friend_id = friends.id AND v.field_id = ${condition.fieldId}${predicate ? sql` AND ${predicate}` : sql``})`;
  const column = valueColumn(condition.fieldType);
  const cast = (operand: string) =>
    condition.fieldType === "number"
      ? sql`${operand}::numeric`
      : condition.fieldType === "date"
        ? sql`${operand}::date`
        : sql`${operand}`;
  switch (condition.op) {
    case "is_set":
      return value(null);
    case "not_set":
      return sql`NOT ${value(null)}`;
    case "equals":
      return value(sql`${column} = ${cast(condition.value)}`);
    case "contains":
      return value(sql`${column} ILIKE ${`%${escapeLike(condition.value)}%`}`);
    case "gt":
      return value(sql`${column} > ${cast(condition.value)}`);
    case "lt":
      return value(sql`${column} < ${cast(condition.value)}`);
    case "between":
      return value(sql`${column} BETWEEN ${cast(condition.from)} AND ${cast(condition.to)}`);
    case "includes":
      return condition.fieldType === "multi_choice"
        ? value(sql`v.value_choices && ${condition.choices}::text[]`)
        : value(sql`v.value_text = ANY(${condition.choices}::text[])`);
    default:
      return condition satisfies never;
  }
}

/** Where each type's value is stored in friend_field_values (single choices as text). */
function valueColumn(type: TypedFieldCondition["fieldType"]): RawBuilder<unknown> {
  switch (type) {
    case "text":
    case "single_choice":
      return sql.ref("v.value_text");
    case "number":
      return sql.ref("v.value_number");
    case "date":
      return sql.ref("v.value_date");
    case "multi_choice":
      return sql.ref("v.value_choices");
    default:
      return type satisfies never;
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
