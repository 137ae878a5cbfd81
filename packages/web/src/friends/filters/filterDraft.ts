import {
  type CustomFieldType,
  FIELD_OPERATORS,
  type FieldCondition,
  type FieldOperator,
  type FriendFilter,
  type TagCondition,
} from "@kizuna/core/friends";
import type { FriendStatus } from "../../api/types.ts";

/**
 * The filter bar as the marketer fills it in: conditions may be half done (a field chosen,
 * no value yet). `toFriendFilter` keeps only the finished ones, so the list never asks the
 * server for something it would refuse.
 */
export interface FilterDraft {
  search: string;
  status: FriendStatus | null;
  link: "linked" | "not_linked" | null;
  /** Route ids, and "none" for friends who came through no route. */
  routes: string[];
  tags: TagDraft[];
  fields: FieldDraft[];
}

export interface TagDraft {
  /** Stable React key of the row. */
  key: number;
  match: TagCondition["match"];
  tagIds: string[];
}

export interface FieldDraft {
  key: number;
  fieldId: string | null;
  op: FieldOperator;
  value: string;
  from: string;
  to: string;
  choices: string[];
}

export const emptyDraft: FilterDraft = {
  search: "",
  status: null,
  link: null,
  routes: [],
  tags: [],
  fields: [],
};

let nextKey = 1;

export function newTagDraft(): TagDraft {
  return { key: nextKey++, match: "any", tagIds: [] };
}

export function newFieldDraft(): FieldDraft {
  return { key: nextKey++, fieldId: null, op: "equals", value: "", from: "", to: "", choices: [] };
}

/** The first operator a field of this type offers: what a marketer most often means. */
export function defaultOperator(type: CustomFieldType): FieldOperator {
  return FIELD_OPERATORS[type][0]!;
}

/** The finished condition of a row, or null while it still lacks something. */
export function fieldConditionOf(draft: FieldDraft): FieldCondition | null {
  const fieldId = draft.fieldId;
  if (!fieldId) return null;
  const value = draft.value.trim();
  switch (draft.op) {
    case "is_set":
    case "not_set":
      return { fieldId, op: draft.op };
    case "equals":
    case "contains":
    case "gt":
    case "lt":
      return value ? { fieldId, op: draft.op, value } : null;
    case "between": {
      const from = draft.from.trim();
      const to = draft.to.trim();
      return from && to ? { fieldId, op: "between", from, to } : null;
    }
    case "includes":
      return draft.choices.length > 0 ? { fieldId, op: "includes", choices: draft.choices } : null;
    default:
      return draft.op satisfies never;
  }
}

export function toFriendFilter(draft: FilterDraft): FriendFilter {
  const search = draft.search.trim();
  const tags = draft.tags
    .filter((tag) => tag.tagIds.length > 0)
    .map((tag) => ({ match: tag.match, tagIds: tag.tagIds }));
  const fields = draft.fields.flatMap((field) => fieldConditionOf(field) ?? []);
  return {
    ...(draft.status ? { status: draft.status } : {}),
    ...(search ? { search } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    ...(draft.link ? { link: draft.link } : {}),
    ...(draft.routes.length > 0 ? { routes: draft.routes } : {}),
  };
}

export function isFiltered(filter: FriendFilter): boolean {
  return Object.keys(filter).length > 0;
}
