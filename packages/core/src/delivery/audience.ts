import { z } from "zod";
import {
  allOf,
  not,
  SEGMENT_DEFINITION_VERSION,
  type SegmentDefinition,
  type SegmentNode,
} from "../segments/definition.ts";

/** At most this many exclusions per audience: each is one more anti-join in the snapshot. */
export const AUDIENCE_EXCLUSIONS_MAX = 10;

/** Friends taken out of an audience: those in a saved segment or an uploaded list. */
export const audienceExclusionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("segment"), segmentId: z.uuid() }),
  z.strictObject({ type: z.literal("list"), listId: z.uuid() }),
]);
export type AudienceExclusion = z.infer<typeof audienceExclusionSchema>;

/** Absent means none: campaigns stored before exclusions existed read as they were. */
const exclude = z.array(audienceExclusionSchema).max(AUDIENCE_EXCLUSIONS_MAX).optional();

/**
 * Who a campaign goes to: every friend, a saved segment or an uploaded id list, minus the
 * exclusions — and only friends who follow the channel. Evaluated when the campaign starts
 * (its snapshot), with each segment's definition at that moment. packages/db snapshots and
 * counts every type through the segment compiler (campaigns/audience.ts), by way of
 * `audienceDefinition` below.
 */
export const audienceSchema = z.discriminatedUnion("type", [
  /** Every friend who follows the channel when the campaign starts (有効友だち). */
  z.strictObject({ type: z.literal("all_friends"), exclude }),
  /** The following friends of a saved segment. */
  z.strictObject({ type: z.literal("segment"), segmentId: z.uuid(), exclude }),
  /** The following friends an uploaded list names (by LINE user id or member id). */
  z.strictObject({ type: z.literal("list"), listId: z.uuid(), exclude }),
]);

export type Audience = z.infer<typeof audienceSchema>;
export type AudienceType = Audience["type"];

export const ALL_FRIENDS: Audience = { type: "all_friends" };

/** True for the audience that needs no segment: every following friend, no exclusions. */
export function isEveryFollower(audience: Audience): boolean {
  return audience.type === "all_friends" && (audience.exclude ?? []).length === 0;
}

function reference(part: AudienceExclusion): SegmentNode {
  switch (part.type) {
    case "segment":
      return { kind: "segment", segmentId: part.segmentId };
    case "list":
      return { kind: "list", listId: part.listId };
    default:
      return part satisfies never;
  }
}

/**
 * The audience as a segment definition, so that one compiler (and one checker) serves both:
 * すべて of "follows the channel", the segment or list, and 除外 of each exclusion, in that
 * order — `placeAudienceProblem` relies on it. Each exclusion is its own NOT at the top level,
 * where PostgreSQL can run it as an anti-join.
 */
export function audienceDefinition(audience: Audience): SegmentDefinition {
  const conditions: SegmentNode[] = [{ kind: "follow_status", status: "following" }];
  switch (audience.type) {
    case "all_friends":
      break;
    case "segment":
    case "list":
      conditions.push(reference(audience));
      break;
    default:
      return audience satisfies never;
  }
  for (const part of audience.exclude ?? []) conditions.push(not(reference(part)));
  return { version: SEGMENT_DEFINITION_VERSION, root: allOf(...conditions) };
}

/**
 * Where in the request body (`at`, a JSON Pointer) a problem the checker found in
 * `audienceDefinition(audience)` lies — on the segment or list that caused it — and that
 * segment's or list's id; the audience as a whole (id null) for a problem of no one part.
 */
export function placeAudienceProblem(
  audience: Audience,
  problemPath: string,
  at = "/audience",
): { path: string; id: string | null } {
  const match = /^root\.conditions\.(\d+)(?:\.condition)?\.(?:segmentId|listId)$/.exec(problemPath);
  if (!match) return { path: at, id: null };
  const index = Number(match[1]);
  const base = audience.type === "all_friends" ? 1 : 2;
  const part =
    index >= base ? audience.exclude?.[index - base] : index === 1 ? audience : undefined;
  if (!part || part.type === "all_friends") return { path: at, id: null };
  const where = index >= base ? `${at}/exclude/${index - base}` : at;
  return part.type === "segment"
    ? { path: `${where}/segmentId`, id: part.segmentId }
    : { path: `${where}/listId`, id: part.listId };
}
