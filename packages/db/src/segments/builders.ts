// Builders for the segment tests: members with attributes, timeline rows, events, lists,
// campaigns and saved segments, each with sensible defaults.
import type { SegmentDefinition } from "@kizuna/core/segments";
import { type Kysely, sql } from "kysely";
import type { AudienceListIdKind, DB, Gender } from "../schema.ts";

let sequence = 0;
const next = () => ++sequence;

export interface MemberSpec {
  externalId?: string;
  birthday?: string | null;
  gender?: Gender | null;
  prefecture?: string | null;
  rank?: string | null;
  points?: number | null;
  attributes?: Record<string, unknown>;
}

export async function aMemberWith(db: Kysely<DB>, spec: MemberSpec = {}): Promise<string> {
  const row = await db
    .insertInto("members")
    .values({
      external_id: spec.externalId ?? `M-${next()}`,
      name: "会員",
      birthday: spec.birthday ?? null,
      gender: spec.gender ?? null,
      prefecture: spec.prefecture ?? null,
      rank: spec.rank ?? null,
      points: spec.points ?? null,
      attributes: JSON.stringify(spec.attributes ?? {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TimelineSpec {
  channelId: string;
  friendId: string;
  kind: string;
  occurredAt: Date;
  detail?: Record<string, unknown>;
}

/** Timeline rows straight into the table, as the parts of Kizuna that record them would. */
export async function timelineRows(db: Kysely<DB>, rows: readonly TimelineSpec[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("friend_timeline")
    .values(
      rows.map((row) => ({
        channel_id: row.channelId,
        friend_id: row.friendId,
        kind: row.kind,
        occurred_at: row.occurredAt,
        actor: "system",
        detail: JSON.stringify(row.detail ?? {}),
      })),
    )
    .execute();
}

export interface EventSpec {
  memberId?: string | null;
  lineUserId?: string | null;
  type: string;
  occurredAt: Date;
  properties?: Record<string, unknown>;
}

/** Events straight into the table (months without a partition land in the default one). */
export async function eventRows(db: Kysely<DB>, rows: readonly EventSpec[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("events")
    .values(
      rows.map((row) => ({
        member_id: row.memberId ?? null,
        line_user_id: row.lineUserId ?? null,
        type: row.type,
        occurred_at: row.occurredAt,
        properties: JSON.stringify(row.properties ?? {}),
      })),
    )
    .execute();
}

export async function aList(
  db: Kysely<DB>,
  channelId: string,
  idKind: AudienceListIdKind,
  values: readonly string[],
): Promise<string> {
  const row = await db
    .insertInto("audience_lists")
    .values({
      channel_id: channelId,
      name: `list${next()}`,
      id_kind: idKind,
      status: "ready",
      entries: values.length,
      rejections: "[]",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (values.length > 0)
    await db
      .insertInto("audience_list_entries")
      .values([...new Set(values)].map((value) => ({ list_id: row.id, value })))
      .execute();
  return row.id;
}

export async function aCampaign(db: Kysely<DB>, channelId: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO campaigns (channel_id, messages, status) VALUES (${channelId}, '[]', 'done')
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

export async function aSavedSegment(
  db: Kysely<DB>,
  channelId: string,
  definition: SegmentDefinition,
  name = `segment${next()}`,
): Promise<string> {
  const row = await db
    .insertInto("segments")
    .values({ channel_id: channelId, name, definition: JSON.stringify(definition) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
