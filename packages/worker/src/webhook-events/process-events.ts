import {
  applyFollow,
  applyUnfollow,
  claimPendingEvents,
  type DB,
  ensureFriend,
  markEventFailed,
  markEventsProcessed,
  notifyFriendsChanged,
  type PendingEvent,
} from "@kizuna/db";
import { friendChangeOf, webhookEventSchema } from "@kizuna/line";
import type { Kysely, Transaction } from "kysely";

const BATCH = 200;

/**
 * Applies stored webhook events to friends, oldest first, in one transaction per batch.
 * Returns whether any event was processed.
 */
export async function processWebhookEvents(db: Kysely<DB>): Promise<boolean> {
  const failed: { event: PendingEvent; error: string }[] = [];
  const processed = await db.transaction().execute(async (trx) => {
    const events = await claimPendingEvents(trx, BATCH);
    const ok: PendingEvent[] = [];
    const changed = new Set<string>();
    for (const event of events) {
      const parsed = webhookEventSchema.safeParse(event.payload);
      if (!parsed.success) {
        failed.push({ event, error: parsed.error.message });
        continue;
      }
      if (await applyEvent(trx, event.channelId, parsed.data)) changed.add(event.channelId);
      ok.push(event);
    }
    await markEventsProcessed(trx, ok);
    for (const channelId of changed) await notifyFriendsChanged(trx, channelId);
    return events.length;
  });
  for (const { event, error } of failed) await markEventFailed(db, event, error);
  return processed > 0;
}

async function applyEvent(
  trx: Transaction<DB>,
  channelId: string,
  event: Parameters<typeof friendChangeOf>[0],
): Promise<boolean> {
  const change = friendChangeOf(event);
  switch (change.kind) {
    case "follow":
      await applyFollow(trx, channelId, change.userId, change.at);
      return true;
    case "unfollow":
      await applyUnfollow(trx, channelId, change.userId, change.at);
      return true;
    case "message":
      await ensureFriend(trx, channelId, change.userId, change.at);
      return true;
    case "ignored":
      return false;
    default:
      return change satisfies never;
  }
}
