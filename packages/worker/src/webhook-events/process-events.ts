import {
  applyFriendEvents,
  claimPendingEvents,
  type DB,
  type FriendEvent,
  markEventFailed,
  markEventsProcessed,
  notifyFriendsChanged,
  type PendingEvent,
} from "@kizuna/db";
import { friendChangeOf, webhookEventSchema } from "@kizuna/line";
import type { Kysely } from "kysely";

const BATCH = 200;

/**
 * Applies stored webhook events to friends and their timelines, oldest first, in one
 * transaction per batch and a few set-based statements. Returns whether any event was
 * processed.
 */
export async function processWebhookEvents(db: Kysely<DB>): Promise<boolean> {
  const failed: { event: PendingEvent; error: string }[] = [];
  const processed = await db.transaction().execute(async (trx) => {
    const events = await claimPendingEvents(trx, BATCH);
    const ok: PendingEvent[] = [];
    const friendEvents: FriendEvent[] = [];
    for (const event of events) {
      const parsed = webhookEventSchema.safeParse(event.payload);
      if (!parsed.success) {
        failed.push({ event, error: parsed.error.message });
        continue;
      }
      const friendEvent = friendEventOf(event.channelId, parsed.data);
      if (friendEvent) friendEvents.push(friendEvent);
      ok.push(event);
    }
    await applyFriendEvents(trx, friendEvents);
    await markEventsProcessed(trx, ok);
    const changed = new Set(friendEvents.map((event) => event.channelId));
    for (const channelId of changed) await notifyFriendsChanged(trx, channelId);
    return events.length;
  });
  for (const { event, error } of failed) await markEventFailed(db, event, error);
  return processed > 0;
}

function friendEventOf(
  channelId: string,
  event: Parameters<typeof friendChangeOf>[0],
): FriendEvent | null {
  const change = friendChangeOf(event);
  switch (change.kind) {
    case "follow":
      return {
        kind: "follow",
        channelId,
        lineUserId: change.userId,
        at: change.at,
        isUnblocked: change.isUnblocked,
      };
    case "unfollow":
      return { kind: "unfollow", channelId, lineUserId: change.userId, at: change.at };
    case "message":
      return {
        kind: "message",
        channelId,
        lineUserId: change.userId,
        at: change.at,
        message: { ...change.message },
      };
    case "postback":
      return {
        kind: "postback",
        channelId,
        lineUserId: change.userId,
        at: change.at,
        data: change.data,
      };
    case "ignored":
      return null;
    default:
      return change satisfies never;
  }
}
