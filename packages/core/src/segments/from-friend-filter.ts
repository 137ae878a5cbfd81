import type { FriendFilter, TypedFieldCondition } from "../friends/friend-filter.ts";
import type { CheckedNode } from "./check.ts";
import { fieldValueType } from "./value-types.ts";

/**
 * The friend list's filter as a segment: every part of a FriendFilter is a segment condition,
 * and the parts hold together (すべて). The list, bulk edits and the export thus select through
 * the same compiler as segments. The filter must already be checked against its channel
 * (its field conditions typed), as `resolveFriendFilter` does.
 */
export function friendFilterSegment(
  filter: FriendFilter,
  fields: readonly TypedFieldCondition[],
): CheckedNode {
  const conditions: CheckedNode[] = [];
  if (filter.status) conditions.push({ kind: "follow_status", status: filter.status });
  if (filter.search)
    conditions.push({ kind: "display_name", op: "contains", value: filter.search });
  for (const tag of filter.tags ?? [])
    conditions.push({ kind: "tag", match: tag.match, tagIds: tag.tagIds });
  for (const { fieldType, ...test } of fields)
    conditions.push({ kind: "field", ...test, valueType: fieldValueType(fieldType) });
  if (filter.link) conditions.push({ kind: "link", status: filter.link });
  if (filter.routes) conditions.push({ kind: "inflow_route", routeIds: filter.routes });
  return { kind: "group", match: "all", conditions };
}
