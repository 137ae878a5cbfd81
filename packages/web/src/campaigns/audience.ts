import { AUDIENCE_EXCLUSIONS_MAX } from "@kizuna/core/delivery";
import type { Audience, AudienceNames, Exclusion } from "./types.ts";

// The audience picker's state, and the audience it stands for.

export const MAX_EXCLUSIONS = AUDIENCE_EXCLUSIONS_MAX;

export type AudienceKind = Audience["type"];

export interface AudienceDraft {
  kind: AudienceKind;
  segmentId: string | null;
  listId: string | null;
  /** Exclusions as option keys: `segment:<id>` or `list:<id>`. */
  exclude: string[];
}

export const ALL_FRIENDS_DRAFT: AudienceDraft = {
  kind: "all_friends",
  segmentId: null,
  listId: null,
  exclude: [],
};

export function exclusionKey(exclusion: Exclusion): string {
  return exclusion.type === "segment"
    ? `segment:${exclusion.segmentId}`
    : `list:${exclusion.listId}`;
}

function exclusionOf(key: string): Exclusion | null {
  const [type, id] = key.split(":", 2);
  if (!id) return null;
  if (type === "segment") return { type: "segment", segmentId: id };
  if (type === "list") return { type: "list", listId: id };
  return null;
}

/** The audience the picker describes, or null while a segment or list is still to be chosen. */
export function audienceOf(draft: AudienceDraft): Audience | null {
  const exclude = draft.exclude.flatMap((key) => exclusionOf(key) ?? []);
  switch (draft.kind) {
    case "all_friends":
      return { type: "all_friends", exclude };
    case "segment":
      return draft.segmentId ? { type: "segment", segmentId: draft.segmentId, exclude } : null;
    case "list":
      return draft.listId ? { type: "list", listId: draft.listId, exclude } : null;
    default: {
      const unknown: never = draft.kind;
      throw new Error(`unknown audience ${String(unknown)}`);
    }
  }
}

export interface AudienceDescription {
  kind: AudienceKind;
  /** The segment's or list's name; null for all friends or a deleted one. */
  name: string | null;
  exclude: { type: Exclusion["type"]; name: string | null }[];
}

/** A stored audience with the names the API gave for it (a deleted one has none). */
export function describeAudience(
  audience: Audience | undefined,
  names: AudienceNames | undefined,
): AudienceDescription {
  const segments = names?.segments ?? {};
  const lists = names?.lists ?? {};
  const nameOf = (e: Exclusion) =>
    (e.type === "segment" ? segments[e.segmentId] : lists[e.listId]) ?? null;
  if (!audience) return { kind: "all_friends", name: null, exclude: [] };
  const exclude = (audience.exclude ?? []).map((e) => ({ type: e.type, name: nameOf(e) }));
  switch (audience.type) {
    case "all_friends":
      return { kind: audience.type, name: null, exclude };
    case "segment":
      return { kind: audience.type, name: segments[audience.segmentId] ?? null, exclude };
    case "list":
      return { kind: audience.type, name: lists[audience.listId] ?? null, exclude };
    default: {
      const unknown: never = audience;
      throw new Error(`unknown audience ${JSON.stringify(unknown)}`);
    }
  }
}
