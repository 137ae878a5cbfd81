import type { EmulatorContext } from "../context.ts";
import { err, ok } from "../result.ts";
import { findFriendMessage, markUnsent } from "../state/chats.ts";
import { unsendEvent } from "../webhooks/events.ts";
import { type FriendResult, findFriend, type QueuedEvent, queue } from "./common.ts";

/** The friend unsends a message they sent: it disappears and the bot gets an unsend event. */
export function unsendMessage(
  ctx: EmulatorContext,
  userId: string,
  messageId: string,
): FriendResult<QueuedEvent> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  const entry = findFriendMessage(ctx.state, friend.channelId, userId, messageId);
  if (!entry || entry.unsent) {
    return err({
      code: "message_not_found",
      message: `${userId} has no message ${messageId} to unsend`,
    });
  }
  markUnsent(ctx.state, entry);
  return ok(queue(ctx, friend, unsendEvent(userId, ctx.now(), messageId)));
}
