import type { EmulatorContext } from "../context.ts";
import { err, ok } from "../result.ts";
import { recordBlock, recordFollows } from "../state/follow-history.ts";
import { followStatus, setFollowStatus } from "../state/friendships.ts";
import { followEvent, unfollowEvent } from "../webhooks/events.ts";
import {
  type FriendActionError,
  type FriendResult,
  findUser,
  grantReplyToken,
  type QueuedEvent,
  queue,
} from "./common.ts";
import { type SentMessageResult, sendMessage } from "./messages.ts";

// What a virtual user does in the LINE app. Each action changes the friend graph first, then
// queues the webhook LINE would send; the caller never waits for the bot.

export type { FriendActionError, QueuedEvent };

/** The user adds the channel as a friend, or unblocks it. */
export function follow(ctx: EmulatorContext, userId: string): FriendResult<QueuedEvent> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  const before = followStatus(ctx.state, friend.channelId, userId);
  if (before === "following") {
    return err({ code: "already_following", message: `${userId} already follows the channel` });
  }
  const at = ctx.now();
  setFollowStatus(ctx.state, friend.channelId, userId, "following");
  recordFollows(
    ctx.state,
    friend.channelId,
    [userId],
    at,
    before === "blocked" ? "unblock" : "follow",
  );
  const event = followEvent(userId, at, grantReplyToken(ctx, friend, at), before === "blocked");
  return ok(queue(ctx, friend, event));
}

/** The user blocks the channel (LINE's "unfollow"). */
export function unfollow(ctx: EmulatorContext, userId: string): FriendResult<QueuedEvent> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  if (followStatus(ctx.state, friend.channelId, userId) !== "following") {
    return err({ code: "not_following", message: `${userId} does not follow the channel` });
  }
  const at = ctx.now();
  setFollowStatus(ctx.state, friend.channelId, userId, "blocked");
  recordBlock(ctx.state, friend.channelId, userId, at);
  return ok(queue(ctx, friend, unfollowEvent(userId, at)));
}

/** The user writes a text message in the 1:1 chat; only friends can. */
export function sendText(
  ctx: EmulatorContext,
  userId: string,
  text: string,
): FriendResult<SentMessageResult> {
  return sendMessage(ctx, userId, { type: "text", text });
}
