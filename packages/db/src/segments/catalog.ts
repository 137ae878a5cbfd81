import type { FieldDefinition } from "@kizuna/core";
import type { MemberAttributeDefinition } from "@kizuna/core/members";
import {
  type CheckOptions,
  checkSegment,
  type SavedSegmentEntry,
  type SegmentCatalog,
  type SegmentCheck,
  type SegmentDefinition,
  type SegmentNode,
  segmentDefinitionSchema,
  segmentReferences,
} from "@kizuna/core/segments";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/** Saved segments refer to saved segments; past this many levels the checker refuses anyway. */
const MAX_REFERENCE_ROUNDS = 16;

/**
 * Reads a stored definition. Every stored definition was checked when it was saved; one this
 * version of Kizuna cannot read (written by a newer one) is null, and segments that use it
 * are refused rather than misread.
 */
export function readStoredDefinition(json: unknown): SegmentDefinition | null {
  const parsed = segmentDefinitionSchema.safeParse(json);
  return parsed.success ? (parsed.data as SegmentDefinition) : null;
}

/**
 * Why a stored definition cannot be read, at its path: a definition saved by an older version
 * with a condition since withdrawn (such as "opened", which LINE cannot report per friend).
 */
export function unreadableDefinitionMessage(json: unknown): string {
  const parsed = segmentDefinitionSchema.safeParse(json);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  const where = issue ? ` at ${issue.path.join("/") || "root"}: ${issue.message}` : "";
  return `this version of Kizuna cannot read the stored definition${where}; edit the segment and save it again`;
}

/**
 * Loads what a definition names — and what the saved segments it refers to name, however
 * deep — in one query per kind of name (and one per level of segment references).
 */
export async function loadSegmentCatalog(
  db: Kysely<DB>,
  channelId: string,
  root: SegmentNode,
): Promise<SegmentCatalog> {
  const references = segmentReferences(root);
  const segments = new Map<string, SavedSegmentEntry>();
  const asked = new Set<string>();
  let pending = [...references.segmentIds];
  for (let round = 0; pending.length > 0 && round < MAX_REFERENCE_ROUNDS; round++) {
    for (const id of pending) asked.add(id);
    const rows = await db
      .selectFrom("segments")
      .select(["id", "name", "definition"])
      .where("channel_id", "=", channelId)
      .where("id", "in", pending)
      .execute();
    for (const row of rows) {
      const definition = readStoredDefinition(row.definition);
      if (!definition) {
        const unreadable = unreadableDefinitionMessage(row.definition);
        segments.set(row.id, { name: row.name, definition: null, unreadable });
        continue;
      }
      segments.set(row.id, { name: row.name, definition });
      segmentReferences(definition.root, references);
    }
    pending = [...references.segmentIds].filter((id) => !asked.has(id));
  }

  const { tagIds, fieldIds, routeIds, attributeKeys, campaignIds, listIds } = references;
  const [tags, fields, routes, attributes, campaigns, lists] = await Promise.all([
    tagIds.size === 0
      ? []
      : db
          .selectFrom("tags")
          .select("id")
          .where("channel_id", "=", channelId)
          .where("id", "in", [...tagIds])
          .execute(),
    fieldIds.size === 0
      ? []
      : db
          .selectFrom("custom_fields")
          .select(["id", "label", "type", "choices"])
          .where("channel_id", "=", channelId)
          .where("id", "in", [...fieldIds])
          .execute(),
    routeIds.size === 0
      ? []
      : db
          .selectFrom("inflow_routes")
          .select("id")
          .where("channel_id", "=", channelId)
          .where("id", "in", [...routeIds])
          .execute(),
    attributeKeys.size === 0
      ? []
      : db
          .selectFrom("member_attributes")
          .select(["key", "label", "type", "choices"])
          .where("key", "in", [...attributeKeys])
          .execute(),
    campaignIds.size === 0
      ? []
      : db
          .selectFrom("campaigns")
          .select("id")
          .where("channel_id", "=", channelId)
          .where("id", "in", [...campaignIds])
          .execute(),
    listIds.size === 0
      ? []
      : db
          .selectFrom("audience_lists")
          .select(["id", "name", "id_kind"])
          .where("channel_id", "=", channelId)
          .where("status", "=", "ready")
          .where("id", "in", [...listIds])
          .execute(),
  ]);
  return {
    tags: new Set(tags.map((tag) => tag.id)),
    fields: new Map<string, FieldDefinition>(fields.map((field) => [field.id, field])),
    routes: new Set(routes.map((route) => route.id)),
    attributes: new Map<string, MemberAttributeDefinition>(
      attributes.map((attribute) => [attribute.key, attribute]),
    ),
    campaigns: new Set(campaigns.map((campaign) => campaign.id)),
    lists: new Map(lists.map((list) => [list.id, { name: list.name, idKind: list.id_kind }])),
    segments,
  };
}

/** Checks a definition against its channel: what it names exists, operators and operands fit. */
export async function checkSegmentDefinition(
  db: Kysely<DB>,
  channelId: string,
  definition: SegmentDefinition,
  options: CheckOptions = {},
): Promise<SegmentCheck> {
  const catalog = await loadSegmentCatalog(db, channelId, definition.root);
  return checkSegment(definition, catalog, options);
}
