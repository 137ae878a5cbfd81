import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** An event as the API accepted it, with the customer named one way or both. */
export interface EventToStore {
  externalId?: string | undefined;
  lineUserId?: string | undefined;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  eventId?: string | undefined;
}

/** What became of each event of a batch, by its position. */
export type StoredEventOutcome = "accepted" | "duplicate" | "unknown_member";

/**
 * Stores a batch of events in one INSERT: each event gets the member it is about (by its
 * external id, or the member its LINE user is linked to now) and its LINE user id. An
 * external id that names no member is refused; a LINE user id is kept whether or not the user
 * is a friend yet. An event sent again with the same `eventId` and `occurredAt` is dropped.
 *
 * The months the batch touches get their partitions first, in their own short transaction:
 * creating a partition locks the parent table, so it is never held while inserting.
 */
export async function storeEvents(
  db: Kysely<DB>,
  events: readonly EventToStore[],
  apiKeyId: string | null,
): Promise<StoredEventOutcome[]> {
  if (events.length === 0) return [];
  await ensureEventPartitions(
    db,
    events.map((event) => event.occurredAt),
  );

  const externalIds = [...new Set(events.flatMap((e) => (e.externalId ? [e.externalId] : [])))];
  const lineUserIds = [...new Set(events.flatMap((e) => (e.lineUserId ? [e.lineUserId] : [])))];
  const [members, links] = await Promise.all([
    externalIds.length === 0
      ? []
      : db
          .selectFrom("members")
          .select(["id", "external_id"])
          .where("external_id", "in", externalIds)
          .execute(),
    lineUserIds.length === 0
      ? []
      : db
          .selectFrom("friends")
          .select(["line_user_id", "member_id"])
          .where("line_user_id", "in", lineUserIds)
          .where("member_id", "is not", null)
          // A LINE user linked in several channels: the most recent follow decides.
          .orderBy("followed_at", "asc")
          .execute(),
  ]);
  const memberByExternalId = new Map(members.map((m) => [m.external_id, m.id]));
  const memberByLineUser = new Map(links.map((l) => [l.line_user_id, l.member_id!]));

  const outcomes: StoredEventOutcome[] = [];
  const rows: {
    index: number;
    member_id: string | null;
    line_user_id: string | null;
    type: string;
    occurred_at: string;
    properties: Record<string, unknown>;
    event_id: string | null;
  }[] = [];
  for (const [index, event] of events.entries()) {
    const memberId = event.externalId
      ? (memberByExternalId.get(event.externalId) ?? null)
      : event.lineUserId
        ? (memberByLineUser.get(event.lineUserId) ?? null)
        : null;
    if (event.externalId && memberId === null) {
      outcomes[index] = "unknown_member";
      continue;
    }
    outcomes[index] = "accepted";
    rows.push({
      index,
      member_id: memberId,
      line_user_id: event.lineUserId ?? null,
      type: event.type,
      occurred_at: event.occurredAt.toISOString(),
      properties: event.properties,
      event_id: event.eventId ?? null,
    });
  }
  if (rows.length === 0) return outcomes;

  const inserted = await sql<{ event_id: string | null; occurred_at: Date }>`
    INSERT INTO events (member_id, line_user_id, type, occurred_at, properties, event_id, api_key_id)
    SELECT r.member_id, r.line_user_id, r.type, r.occurred_at, r.properties, r.event_id, ${apiKeyId}::uuid
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(member_id uuid, line_user_id text, type text, occurred_at timestamptz, properties jsonb, event_id text)
    ON CONFLICT (event_id, occurred_at) DO NOTHING
    RETURNING event_id, occurred_at`.execute(db);
  // Events with an id of their own that were not inserted were there already, or earlier in
  // this batch.
  const fresh = new Set(
    inserted.rows.flatMap((row) =>
      row.event_id === null ? [] : [`${row.event_id} ${row.occurred_at.getTime()}`],
    ),
  );
  for (const row of rows) {
    if (row.event_id === null) continue;
    const key = `${row.event_id} ${Date.parse(row.occurred_at)}`;
    if (fresh.has(key)) fresh.delete(key);
    else outcomes[row.index] = "duplicate";
  }
  return outcomes;
}

/**
 * Makes the monthly partitions of `events` for these instants. Months are taken in the
 * session's time zone, as `kizuna_ensure_monthly_partitions` draws the partition bounds.
 */
export async function ensureEventPartitions(
  db: Kysely<DB>,
  instants: readonly Date[],
): Promise<void> {
  const { rows: missing } = await sql<{ month: string }>`
    SELECT DISTINCT to_char(date_trunc('month', at), 'YYYY-MM-DD') AS month
    FROM unnest(${instants.map((at) => at.toISOString())}::timestamptz[]) AS at
    WHERE to_regclass('events_' || to_char(at, 'YYYYMM')) IS NULL`.execute(db);
  if (missing.length === 0) return;
  await db.transaction().execute(async (trx) => {
    // Two batches for the same new month must not both create it. A lock on the table itself
    // (self-conflicting, and taken anyway to add a partition) also makes the second one see
    // the partition the first committed.
    await sql`LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    for (const { month } of missing)
      await sql`SELECT kizuna_ensure_monthly_partitions('events', ${month}::date, 1)`.execute(trx);
  });
}
