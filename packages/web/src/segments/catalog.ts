import type { MemberAttributeDefinition } from "@kizuna/core/members";
import {
  attributeValueType,
  fieldValueType,
  memberFieldType,
  SEGMENT_MEMBER_FIELDS,
  SEGMENT_OPERATORS,
  type SegmentMemberField,
  type ValueOperator,
  type ValueType,
} from "@kizuna/core/segments";
import { useMemo } from "react";
import type { CustomField, InflowRouteName, Tag } from "../api/friendData.ts";
import { useCustomFields, useInflowRoutes, useTags } from "../api/friendData.ts";
import { useCampaigns } from "../campaigns/api.ts";
import { useMemberAttributes } from "../members/api.ts";
import {
  type AudienceList,
  type RichMenuOption,
  type SavedSegment,
  useAudienceLists,
  useRichMenus,
  useSegments,
} from "./api.ts";
import type { RowField } from "./draft.ts";

/** What the builder offers to choose from in a channel. */
export interface BuilderCatalog {
  tags: readonly Tag[];
  fields: readonly CustomField[];
  routes: readonly InflowRouteName[];
  attributes: readonly MemberAttributeDefinition[];
  campaigns: readonly { id: string; name: string | null; text: string; scheduledAt: string }[];
  segments: readonly SavedSegment[];
  lists: readonly AudienceList[];
  richMenus: readonly RichMenuOption[];
  /** LINE did not list the rich menus: the builder offers only "any menu" and what is saved. */
  richMenusFailed: boolean;
}

export function useBuilderCatalog(channelId: string): BuilderCatalog {
  const tags = useTags(channelId);
  const fields = useCustomFields(channelId);
  const routes = useInflowRoutes(channelId);
  const attributes = useMemberAttributes();
  const campaigns = useCampaigns(channelId);
  const segments = useSegments(channelId);
  const lists = useAudienceLists(channelId);
  const richMenus = useRichMenus(channelId);
  return useMemo(
    () => ({
      tags: tags.data ?? [],
      fields: fields.data ?? [],
      routes: routes.data ?? [],
      attributes: attributes.data ?? [],
      campaigns: campaigns.data ?? [],
      segments: segments.data ?? [],
      lists: lists.data ?? [],
      richMenus: richMenus.data ?? [],
      richMenusFailed: richMenus.isError,
    }),
    [
      tags.data,
      fields.data,
      routes.data,
      attributes.data,
      campaigns.data,
      segments.data,
      lists.data,
      richMenus.data,
      richMenus.isError,
    ],
  );
}

export type Category =
  | "member"
  | "tag"
  | "friend"
  | "link"
  | "followed"
  | "route"
  | "line"
  | "event"
  | "saved";

export const CATEGORIES: readonly Category[] = [
  "member",
  "tag",
  "friend",
  "link",
  "followed",
  "route",
  "line",
  "event",
  "saved",
];

/** One choice of the field picker: the row field, its category, and how to name it. */
export interface FieldOption {
  field: RowField;
  category: Category;
  /** A translation key of the segments namespace, or a label as staff wrote it. */
  label: { key: string } | { text: string };
}

export function fieldOptions(catalog: BuilderCatalog): FieldOption[] {
  return [
    ...SEGMENT_MEMBER_FIELDS.map(
      (field): FieldOption => ({
        field: `member:${field}`,
        category: "member",
        label: { key: `field.member.${field}` },
      }),
    ),
    ...catalog.attributes.map(
      (attribute): FieldOption => ({
        field: `attribute:${attribute.key}`,
        category: "member",
        label: { text: attribute.label },
      }),
    ),
    { field: "tag", category: "tag", label: { key: "field.tag" } },
    ...catalog.fields.map(
      (field): FieldOption => ({
        field: `custom:${field.id}`,
        category: "friend",
        label: { text: field.label },
      }),
    ),
    { field: "display_name", category: "friend", label: { key: "field.display_name" } },
    { field: "follow_status", category: "friend", label: { key: "field.follow_status" } },
    { field: "link", category: "link", label: { key: "field.link" } },
    { field: "followed", category: "followed", label: { key: "field.followed" } },
    { field: "inflow_route", category: "route", label: { key: "field.inflow_route" } },
    { field: "message", category: "line", label: { key: "field.message" } },
    { field: "postback", category: "line", label: { key: "field.postback" } },
    { field: "rich_menu", category: "line", label: { key: "field.rich_menu" } },
    { field: "form", category: "line", label: { key: "field.form" } },
    { field: "event", category: "event", label: { key: "field.event" } },
    { field: "segment", category: "saved", label: { key: "field.segment" } },
    { field: "list", category: "saved", label: { key: "field.list" } },
  ];
}

/** The type of value a row compares, for rows that test a value; null for the others. */
export function rowValueType(
  field: RowField | null,
  catalog: BuilderCatalog,
): { type: ValueType; choices: readonly string[] | null; integer?: boolean } | null {
  if (!field) return null;
  if (field.startsWith("member:")) return memberFieldType(field.slice(7) as SegmentMemberField);
  if (field.startsWith("attribute:")) {
    const attribute = catalog.attributes.find((a) => a.key === field.slice(10));
    return attribute
      ? { type: attributeValueType(attribute.type), choices: attribute.choices }
      : { type: "text", choices: null };
  }
  if (field.startsWith("custom:")) {
    const custom = catalog.fields.find((f) => f.id === field.slice(7));
    return custom
      ? { type: fieldValueType(custom.type), choices: custom.choices }
      : { type: "text", choices: null };
  }
  return null;
}

export function operatorsOf(type: ValueType): readonly ValueOperator[] {
  return SEGMENT_OPERATORS[type];
}

/** The operator a newly chosen field starts with: what a marketer most often means. */
export function defaultOp(field: RowField, catalog: BuilderCatalog): string {
  const value = rowValueType(field, catalog);
  if (value) {
    switch (value.type) {
      case "number":
        return "gte";
      case "date":
        return "between";
      case "choice":
      case "multi_choice":
        return "includes";
      case "text":
      case "boolean":
        return "equals";
      default:
        return value.type satisfies never;
    }
  }
  switch (field) {
    case "tag":
      return "any";
    case "follow_status":
      return "following";
    case "link":
      return "linked";
    case "message":
      return "received";
    case "postback":
      return "any";
    case "display_name":
      return "contains";
    default:
      return "";
  }
}
