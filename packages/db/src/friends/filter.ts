import {
  checkFieldConditions,
  type FieldDefinition,
  type FilterProblem,
  type FriendFilter,
  type TypedFieldCondition,
} from "@kizuna/core";
import { friendFilterSegment } from "@kizuna/core/segments";
import type { Expression, Kysely, SqlBool } from "kysely";
import type { DB } from "../schema.ts";
import { segmentCondition } from "../segments/compile.ts";

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
 * export, so they always agree on who matches. A filter is a segment whose conditions all
 * hold, compiled by the segment compiler.
 */
export function friendFilterCondition(resolved: ResolvedFriendFilter): Expression<SqlBool> {
  return segmentCondition(friendFilterSegment(resolved.filter, resolved.fields), {
    channelId: resolved.channelId,
    now: new Date(),
  });
}

export { escapeLikePattern as escapeLike } from "../segments/compile.ts";
