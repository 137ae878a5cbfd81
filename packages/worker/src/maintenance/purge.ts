import { type DB, deleteExpiredSessions, deleteProcessedEvents } from "@kizuna/db";
import type { Kysely } from "kysely";

export const PURGE_QUEUE = "maintenance.purge";
/** Every hour, at a minute no other job is likely to pick. */
export const PURGE_CRON = "17 * * * *";

const WEBHOOK_EVENT_RETENTION_DAYS = 30;
const DELETE_BATCH = 10_000;

/**
 * Deletes expired staff sessions and webhook events processed more than 30 days ago,
 * in batches so that no statement holds locks for long.
 */
export async function purgeExpired(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ sessions: number; events: number }> {
  const sessions = await deleteExpiredSessions(db, now);
  const before = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  let events = 0;
  for (;;) {
    const deleted = await deleteProcessedEvents(db, before, DELETE_BATCH);
    events += deleted;
    if (deleted < DELETE_BATCH) break;
  }
  return { sessions, events };
}
