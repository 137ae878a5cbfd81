import {
  type Audience,
  type AudienceExclusion,
  audienceDefinition,
  isEveryFollower,
  type TemplateVariable,
} from "@kizuna/core";
import type { CheckedNode, SegmentProblem } from "@kizuna/core/segments";
import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { DB } from "../schema.ts";
import { checkSegmentDefinition } from "../segments/catalog.ts";
import { checkedSegmentFriendIds, countSegmentFriends, segmentSession } from "../segments/query.ts";

/**
 * An audience that cannot be evaluated now: a segment or list it names is gone, or a segment
 * names a tag or field deleted since. The API refuses such audiences before they are stored;
 * at a campaign's start it fails the campaign with these problems.
 */
export class AudienceUnavailable extends Error {
  readonly problems: SegmentProblem[];
  constructor(problems: SegmentProblem[]) {
    super(`audience unavailable: ${problems[0]?.path}: ${problems[0]?.message}`);
    this.problems = problems;
  }
}

/**
 * Checks an audience against its channel now — each segment and list it names exists, and each
 * segment compiles — through the segment checker: the audience is a segment definition
 * (`audienceDefinition`). Problems are on `root.conditions.<n>…` (see `placeAudienceProblem`).
 */
export async function checkAudience(
  db: Kysely<DB>,
  channelId: string,
  audience: Audience,
): Promise<{ ok: true; root: CheckedNode } | { ok: false; problems: SegmentProblem[] }> {
  return checkSegmentDefinition(db, channelId, audienceDefinition(audience));
}

async function checkedRoot(db: Kysely<DB>, channelId: string, audience: Audience) {
  const checked = await checkAudience(db, channelId, audience);
  if (!checked.ok) throw new AudienceUnavailable(checked.problems);
  return checked.root;
}

/**
 * Which rows of `friends f` an audience takes now, as a condition for the snapshot's
 * INSERT … SELECT. Every following friend is a plain condition on the row; any other audience is
 * the segment compiler's one SELECT of ids (with the segment's work memory for the
 * transaction `trx`). Throws `AudienceUnavailable` when the audience cannot be evaluated.
 */
export async function audienceCondition(
  trx: Kysely<DB>,
  audience: Audience,
  channelId: string,
): Promise<RawBuilder<SqlBool>> {
  const following = sql<SqlBool>`f.channel_id = ${channelId} AND f.status = 'following'`;
  if (isEveryFollower(audience)) return following;
  const root = await checkedRoot(trx, channelId, audience);
  await segmentSession(trx);
  const ids = checkedSegmentFriendIds(trx, root, { channelId, now: new Date() });
  return sql<SqlBool>`${following} AND f.id IN (${ids})`;
}

/**
 * How many friends the audience holds now: the pre-send summary's recipient count, from the same
 * checked definition the snapshot compiles. Throws `AudienceUnavailable` as above.
 */
export async function countAudience(
  db: Kysely<DB>,
  channelId: string,
  audience: Audience,
): Promise<number> {
  if (isEveryFollower(audience)) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM friends f
      WHERE f.channel_id = ${channelId} AND f.status = 'following'`.execute(db);
    return rows[0]?.n ?? 0;
  }
  const root = await checkedRoot(db, channelId, audience);
  return db.transaction().execute(async (trx) => {
    await segmentSession(trx);
    return countSegmentFriends(trx, root, { channelId, now: new Date() });
  });
}

/** The saved segments and uploaded lists an audience names, the exclusions included. */
export function audienceReferences(audience: Audience): {
  segmentIds: string[];
  listIds: string[];
} {
  const parts: AudienceExclusion[] = [...(audience.exclude ?? [])];
  if (audience.type === "segment")
    parts.unshift({ type: "segment", segmentId: audience.segmentId });
  if (audience.type === "list") parts.unshift({ type: "list", listId: audience.listId });
  const segmentIds = new Set<string>();
  const listIds = new Set<string>();
  for (const part of parts) {
    if (part.type === "segment") segmentIds.add(part.segmentId);
    else listIds.add(part.listId);
  }
  return { segmentIds: [...segmentIds], listIds: [...listIds] };
}

/**
 * Checks the audience again under the channel's segment lock — the one deleting a segment or
 * list takes — inside the transaction that stores the campaign: a segment or list deleted
 * between the API's check and the insert is refused (`AudienceUnavailable`), never stored.
 */
export async function guardAudience(
  trx: Kysely<DB>,
  channelId: string,
  audience: Audience,
): Promise<void> {
  const refs = audienceReferences(audience);
  if (refs.segmentIds.length + refs.listIds.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext('kizuna_segments'), hashtext(${channelId}))`.execute(
    trx,
  );
  await checkedRoot(trx, channelId, audience);
}

/** Names by id of what a campaign's audience names; null for one deleted since. */
export interface AudienceNames {
  segments: Record<string, string | null>;
  lists: Record<string, string | null>;
}

/**
 * The names of the segments and lists each audience names, read in two queries for all of
 * them. A campaign that has started keeps its audience as stored; what was deleted since is null.
 */
export async function audienceNames(
  db: Kysely<DB>,
  channelId: string,
  audiences: readonly Audience[],
): Promise<AudienceNames[]> {
  const segmentIds = new Set<string>();
  const listIds = new Set<string>();
  for (const audience of audiences) {
    const refs = audienceReferences(audience);
    for (const id of refs.segmentIds) segmentIds.add(id);
    for (const id of refs.listIds) listIds.add(id);
  }
  const [segments, lists] = await Promise.all([
    segmentIds.size === 0
      ? []
      : db
          .selectFrom("segments")
          .select(["id", "name"])
          .where("channel_id", "=", channelId)
          .where("id", "in", [...segmentIds])
          .execute(),
    listIds.size === 0
      ? []
      : db
          .selectFrom("audience_lists")
          .select(["id", "name"])
          .where("channel_id", "=", channelId)
          .where("id", "in", [...listIds])
          .execute(),
  ]);
  const segmentNames = new Map(segments.map((s) => [s.id, s.name]));
  const listNames = new Map(lists.map((l) => [l.id, l.name]));
  return audiences.map((audience) => {
    const refs = audienceReferences(audience);
    return {
      segments: Object.fromEntries(refs.segmentIds.map((id) => [id, segmentNames.get(id) ?? null])),
      lists: Object.fromEntries(refs.listIds.map((id) => [id, listNames.get(id) ?? null])),
    };
  });
}

/**
 * Fails a campaign whose audience could not be evaluated at its start (a tag or field its
 * segment names was deleted since it was scheduled), with the problems: sending to a part of
 * the intended audience, or to none, silently, would be worse.
 */
export async function failUnavailableAudience(
  db: Kysely<DB>,
  campaignId: string,
  error: AudienceUnavailable,
): Promise<{ started: false; reason: "audience_unavailable"; problems: SegmentProblem[] }> {
  await db
    .updateTable("campaigns")
    .set({
      status: "failed",
      error: "audience_unavailable",
      error_detail: JSON.stringify({ problems: error.problems }),
      finished_at: sql`now()`,
      held_until: null,
    })
    .where("id", "=", campaignId)
    .where("status", "in", ["scheduled", "queued"])
    .execute();
  return { started: false, reason: "audience_unavailable", problems: error.problems };
}

// Personalisation reads each recipient's values with the recipient (`friends f`, the linked
// member `m`); the expressions come from this closed set, values and keys are parameters.

/** A custom field's value as text, whatever its type. */
function fieldValues(channelId: string, keys: readonly string[]): RawBuilder<unknown> {
  return sql`(
    SELECT jsonb_object_agg(cf.key, coalesce(
      fv.value_text, fv.value_number::text, to_char(fv.value_date, 'YYYY-MM-DD'),
      array_to_string(fv.value_choices, '、')))
    FROM friend_field_values fv JOIN custom_fields cf ON cf.id = fv.field_id
    WHERE fv.friend_id = f.id AND cf.channel_id = ${channelId} AND cf.key = ANY(${[...keys]}::text[]))`;
}

export function fieldKeysOf(variables: readonly TemplateVariable[]): string[] {
  return variables.flatMap((v) => (v.kind === "field" ? [v.key] : []));
}

/**
 * A value that is equal for two recipients exactly when every variable the messages use is:
 * ordering the snapshot by it puts friends who get the same payload next to each other.
 */
export function payloadGroupKey(
  variables: readonly TemplateVariable[],
  channelId: string,
): RawBuilder<string> {
  const parts: RawBuilder<unknown>[] = [];
  for (const variable of variables) {
    switch (variable.kind) {
      case "name":
        parts.push(sql`f.display_name`);
        break;
      case "member":
        parts.push(variable.key === "name" ? sql`m.name` : sql`m.points`);
        break;
      case "field":
        break;
      // Each linked friend's login link is their own; the unlinked share the plain page.
      case "login_url":
        parts.push(sql`CASE WHEN f.member_id IS NOT NULL THEN f.id END`);
        break;
      default: {
        const unknown: never = variable;
        throw new Error(`unknown variable ${JSON.stringify(unknown)}`);
      }
    }
  }
  const keys = fieldKeysOf(variables);
  if (keys.length > 0) parts.push(fieldValues(channelId, keys));
  return sql<string>`md5(jsonb_build_array(${sql.join(parts)})::text)`;
}

/** The columns a claim reads to render a recipient's messages. */
export function recipientValueColumns(
  channelId: string,
  fieldKeys: readonly string[],
): RawBuilder<unknown> {
  return sql`f.display_name AS display_name, m.name AS member_name, m.points AS member_points,
    ${fieldKeys.length > 0 ? fieldValues(channelId, fieldKeys) : sql`NULL::jsonb`} AS fields`;
}

/** Custom field keys the messages name that the channel does not have. */
export async function unknownFieldKeys(
  db: Kysely<DB>,
  channelId: string,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("custom_fields")
    .select("key")
    .where("channel_id", "=", channelId)
    .where("key", "in", [...keys])
    .execute();
  const known = new Set(rows.map((r) => r.key));
  return keys.filter((key) => !known.has(key));
}
