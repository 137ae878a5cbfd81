import type {
  AttributeValue,
  Member,
  MemberField,
  MemberUpsert,
  UpsertOutcome,
} from "@kizuna/core/members";
import { type Kysely, type Selectable, sql } from "kysely";
import type { DB, MembersTable } from "../schema.ts";

export function memberView(row: Selectable<MembersTable>): Member {
  return {
    id: row.id,
    externalId: row.external_id,
    email: row.email,
    phone: row.phone,
    name: row.name,
    birthday: row.birthday,
    gender: row.gender,
    prefecture: row.prefecture,
    rank: row.rank,
    points: row.points,
    attributes: row.attributes as Record<string, AttributeValue>,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** One upsert as the statement reads it from `jsonb_to_recordset`. */
function recordOf(member: MemberUpsert) {
  const set: Record<string, AttributeValue> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(member.attributes)) {
    if (value === null) unset.push(key);
    else set[key] = value;
  }
  return {
    external_id: member.externalId,
    set_fields: Object.keys(member.fields) as MemberField[],
    ...member.fields,
    set_attributes: set,
    unset_attributes: unset,
  };
}

/**
 * The members a batch would write: each input merged over the member it names (fields it
 * leaves out keep their value, attributes are merged key by key). Shared by the upsert and
 * the dry run, so that both count alike.
 */
function mergedBatch(members: readonly MemberUpsert[]) {
  return sql`
    input AS (
      SELECT *
      FROM jsonb_to_recordset(${JSON.stringify(members.map(recordOf))}::jsonb) AS r (
        external_id text, set_fields jsonb, email text, phone text, name text, birthday date,
        gender text, prefecture text, rank text, points integer,
        set_attributes jsonb, unset_attributes text[]
      )
    ),
    merged AS (
      SELECT
        i.external_id,
        m.id AS existing_id,
        CASE WHEN i.set_fields ? 'email' THEN i.email ELSE m.email END AS email,
        CASE WHEN i.set_fields ? 'phone' THEN i.phone ELSE m.phone END AS phone,
        CASE WHEN i.set_fields ? 'name' THEN i.name ELSE m.name END AS name,
        CASE WHEN i.set_fields ? 'birthday' THEN i.birthday ELSE m.birthday END AS birthday,
        CASE WHEN i.set_fields ? 'gender' THEN i.gender ELSE m.gender END AS gender,
        CASE WHEN i.set_fields ? 'prefecture' THEN i.prefecture ELSE m.prefecture END AS prefecture,
        CASE WHEN i.set_fields ? 'rank' THEN i.rank ELSE m.rank END AS rank,
        CASE WHEN i.set_fields ? 'points' THEN i.points ELSE m.points END AS points,
        (coalesce(m.attributes, '{}') - i.unset_attributes) || i.set_attributes AS attributes
      FROM input i
      LEFT JOIN members m ON m.external_id = i.external_id
    ),
    -- Only new members and members whose values differ go on: an unchanged member is not
    -- even locked by ON CONFLICT, so a re-run of the same file only reads.
    changes AS (
      SELECT x.*
      FROM merged x
      LEFT JOIN members m ON m.id = x.existing_id
      WHERE m.id IS NULL
        OR (m.email, m.phone, m.name, m.birthday, m.gender, m.prefecture, m.rank, m.points,
            m.attributes)
          IS DISTINCT FROM (x.email, x.phone, x.name, x.birthday, x.gender, x.prefecture, x.rank,
            x.points, x.attributes)
    )`;
}

/**
 * Creates or updates members in one statement. A member whose merged values equal what is
 * stored is not written at all (its `updated_at` stays), so applying the same data twice
 * changes nothing. External ids must be unique within the batch.
 *
 * The merge reads each member as the statement starts: a concurrent write to a field this
 * batch leaves out, landing in the same milliseconds, may be overwritten with its old value.
 */
export async function upsertMembers(
  db: Kysely<DB>,
  members: readonly MemberUpsert[],
): Promise<Map<string, UpsertOutcome>> {
  const outcomes = new Map<string, UpsertOutcome>();
  if (members.length === 0) return outcomes;
  for (const member of members) outcomes.set(member.externalId, "unchanged");
  const { rows } = await sql<{ external_id: string; created: boolean }>`
    WITH ${mergedBatch(members)}
    INSERT INTO members AS m (
      external_id, email, phone, name, birthday, gender, prefecture, rank, points, attributes
    )
    SELECT external_id, email, phone, name, birthday, gender, prefecture, rank, points, attributes
    FROM changes
    ON CONFLICT (external_id) DO UPDATE SET
      email = excluded.email, phone = excluded.phone, name = excluded.name,
      birthday = excluded.birthday, gender = excluded.gender, prefecture = excluded.prefecture,
      rank = excluded.rank, points = excluded.points, attributes = excluded.attributes,
      updated_at = now()
    WHERE (m.email, m.phone, m.name, m.birthday, m.gender, m.prefecture, m.rank, m.points, m.attributes)
      IS DISTINCT FROM (excluded.email, excluded.phone, excluded.name, excluded.birthday,
        excluded.gender, excluded.prefecture, excluded.rank, excluded.points, excluded.attributes)
    -- Checked again here: another writer may have changed the member since the statement began.
    -- xmax is 0 on a row version this statement inserted, and set on one it updated.
    RETURNING m.external_id, (m.xmax = 0) AS created`.execute(db);
  for (const row of rows) outcomes.set(row.external_id, row.created ? "created" : "updated");
  return outcomes;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What `upsertMembers` would do with the batch, writing nothing: the dry run. */
export async function previewMemberUpserts(
  db: Kysely<DB>,
  members: readonly MemberUpsert[],
): Promise<UpsertCounts> {
  if (members.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const { rows } = await sql<{ created: number; updated: number }>`
    WITH ${mergedBatch(members)}
    SELECT
      count(*) FILTER (WHERE existing_id IS NULL)::int AS created,
      count(*) FILTER (WHERE existing_id IS NOT NULL)::int AS updated
    FROM changes`.execute(db);
  const { created, updated } = rows[0] ?? { created: 0, updated: 0 };
  return { created, updated, unchanged: members.length - created - updated };
}

export function countOutcomes(outcomes: ReadonlyMap<string, UpsertOutcome>): UpsertCounts {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const outcome of outcomes.values()) counts[outcome]++;
  return counts;
}

export async function findMember(db: Kysely<DB>, externalId: string): Promise<Member | null> {
  const row = await db
    .selectFrom("members")
    .selectAll()
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  return row ? memberView(row) : null;
}

export interface MemberQuery {
  /** An external id, an e-mail address, a phone number, or part of a name. */
  search?: { text: string; email: string | null; phone: string | null } | undefined;
  /** The external id after which the page starts. */
  after?: string | undefined;
  limit: number;
}

export interface MemberPage {
  members: Member[];
  /** The external id to pass as `after` for the next page. */
  nextCursor: string | null;
}

/** Members in external id order, a page at a time (keyset: page 10,000 is as fast as page 1). */
export async function listMembers(db: Kysely<DB>, query: MemberQuery): Promise<MemberPage> {
  let select = db.selectFrom("members").selectAll();
  const search = query.search;
  if (search) {
    select = select.where((eb) =>
      eb.or([
        eb("external_id", "=", search.text),
        // Matches the trigram index on name.
        eb("name", "ilike", `%${escapeLike(search.text)}%`),
        ...(search.email ? [eb(sql`lower(email)`, "=", search.email)] : []),
        ...(search.phone ? [eb("phone", "=", search.phone)] : []),
      ]),
    );
  }
  if (query.after !== undefined) select = select.where("external_id", ">", query.after);
  const rows = await select
    .orderBy("external_id")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    members: page.map(memberView),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.external_id ?? null) : null,
  };
}

export async function countMembers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("members")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
