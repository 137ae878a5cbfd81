import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";

/** The wake-up signal for workers after events are stored. */
export const WEBHOOK_NOTIFY_CHANNEL = "kizuna_webhook_events";

export interface InboundEvent {
  webhookEventId: string;
  type: string;
  occurredAt: Date;
  payload: unknown;
}

/**
 * Stores events durably; a redelivered event (same webhookEventId) is dropped.
 * Returns how many were new.
 */
export async function storeWebhookEvents(
  db: Kysely<DB>,
  channelId: string,
  events: InboundEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("webhook_events")
      .values(
        events.map((event) => ({
          channel_id: channelId,
          webhook_event_id: event.webhookEventId,
          event_type: event.type,
          occurred_at: event.occurredAt,
          payload: JSON.stringify(event.payload),
        })),
      )
      .onConflict((conflict) => conflict.columns(["channel_id", "webhook_event_id"]).doNothing())
      .returning("webhook_event_id")
      .execute();
    if (inserted.length > 0)
      await sql`SELECT pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, ${channelId})`.execute(trx);
    return inserted.length;
  });
}

export interface PendingEvent {
  channelId: string;
  webhookEventId: string;
  payload: unknown;
}

/**
 * Claims up to `limit` unprocessed events, oldest first, locked for this transaction;
 * concurrent workers skip them. Events that failed 5 times wait for an operator.
 */
export async function claimPendingEvents(
  trx: Transaction<DB>,
  limit: number,
): Promise<PendingEvent[]> {
  const rows = await trx
    .selectFrom("webhook_events")
    .select(["channel_id", "webhook_event_id", "payload"])
    .where("processed_at", "is", null)
    .where("attempts", "<", 5)
    .orderBy("occurred_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    channelId: row.channel_id,
    webhookEventId: row.webhook_event_id,
    payload: row.payload,
  }));
}

export async function markEventsProcessed(
  trx: Transaction<DB>,
  events: PendingEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .updateTable("webhook_events")
    .set({ processed_at: new Date(), attempts: sql`attempts + 1` })
    .where((eb) =>
      eb(
        eb.refTuple("channel_id", "webhook_event_id"),
        "in",
        events.map((e) => eb.tuple(e.channelId, e.webhookEventId)),
      ),
    )
    .execute();
}

export async function markEventFailed(
  db: Kysely<DB>,
  event: PendingEvent,
  error: string,
): Promise<void> {
  await db
    .updateTable("webhook_events")
    .set({ attempts: sql`attempts + 1`, last_error: error.slice(0, 1000) })
    .where("channel_id", "=", event.channelId)
    .where("webhook_event_id", "=", event.webhookEventId)
    .execute();
}

/** Deletes up to `limit` events processed before `before`; returns how many. */
export async function deleteProcessedEvents(
  db: Kysely<DB>,
  before: Date,
  limit: number,
): Promise<number> {
  const result = await sql`
    DELETE FROM webhook_events WHERE ctid IN (
      SELECT ctid FROM webhook_events
      WHERE processed_at IS NOT NULL AND processed_at < ${before}
      ORDER BY processed_at LIMIT ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
