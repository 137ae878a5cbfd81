import type { EmulatorContext } from "../context.ts";
import { err, ok } from "../result.ts";
import { recordPlay } from "../state/engagement.ts";
import { receivedMessages } from "../state/received.ts";
import { videoPlayCompleteEvent } from "../webhooks/events.ts";
import {
  type FriendResult,
  findFriend,
  grantReplyToken,
  type QueuedEvent,
  queue,
} from "./common.ts";

/**
 * The friend plays a video or audio message. Played to the end, a video sent with a
 * `trackingId` sends the bot a videoPlayComplete event (REF#video-viewing-complete).
 */
export function playMedia(
  ctx: EmulatorContext,
  userId: string,
  messageId: string,
  options: { completed: boolean },
): FriendResult<{ events: QueuedEvent[] }> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  const received = receivedMessages(ctx.state, friend.channelId, userId).find(
    (message) => message.messageId === messageId,
  );
  if (!received || (received.message.type !== "video" && received.message.type !== "audio")) {
    return err({
      code: "message_not_found",
      message: `${userId} did not receive a video or audio message ${messageId}`,
    });
  }
  recordPlay(ctx.state, {
    channelId: friend.channelId,
    requestId: received.requestId,
    messageId,
    userId,
    completed: options.completed,
  });
  const trackingId = received.message.trackingId;
  if (!options.completed || received.message.type !== "video" || typeof trackingId !== "string") {
    return ok({ events: [] });
  }
  const at = ctx.now();
  const event = videoPlayCompleteEvent(userId, at, grantReplyToken(ctx, friend, at), trackingId);
  return ok({ events: [queue(ctx, friend, event)] });
}
