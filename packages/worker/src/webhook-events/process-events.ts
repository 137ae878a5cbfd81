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
import { friendChangeOf, type WebhookEvent, webhookEventSchema } from "@kizuna/line";
import type { Kysely, Transaction } from "kysely";

const BATCH = 200;

/**
 * A feature's part in processing a batch (ID linking, later auto-replies): it acts on the
 * batch's events inside its transaction, after friends are applied, and returns what to do
 * once the batch committed — calls to LINE, which never run inside a transaction.
 */
export type WebhookEventHandler = (
  trx: Transaction<DB>,
  events: readonly { channelId: string; event: WebhookEvent }[],
) => Promise<() => Promise<void>>;

/**
 * Applies stored webhook events to friends and their timelines, oldest first, in one
 * transaction per batch and a few set-based statements. Returns whether any event was
 * processed.
 */
export async function processWebhookEvents(
  db: Kysely<DB>,
  handlers: readonly WebhookEventHandler[] = [],
): Promise<boolean> {
  const failed: { event: PendingEvent; error: string }[] = [];
  const afterCommit: (() => Promise<void>)[] = [];
  const processed = await db.transaction().execute(async (trx) => {
    const events = await claimPendingEvents(trx, BATCH);
    const ok: PendingEvent[] = [];
    const parsedEvents: { channelId: string; event: WebhookEvent }[] = [];
    const friendEvents: FriendEvent[] = [];
    for (const event of events) {
      const parsed = webhookEventSchema.safeParse(event.payload);
      if (!parsed.success) {
        failed.push({ event, error: parsed.error.message });
        continue;
      }
      const friendEvent = friendEventOf(event.channelId, parsed.data);
      if (friendEvent) friendEvents.push(friendEvent);
      parsedEvents.push({ channelId: event.channelId, event: parsed.data });
      ok.push(event);
    }
    await applyFriendEvents(trx, friendEvents);
    for (const handle of handlers) afterCommit.push(await handle(trx, parsedEvents));
    await markEventsProcessed(trx, ok);
    const changed = new Set(friendEvents.map((event) => event.channelId));
    for (const channelId of changed) await notifyFriendsChanged(trx, channelId);
    return events.length;
  });
  for (const { event, error } of failed) await markEventFailed(db, event, error);
  for (const run of afterCommit) await run();
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
