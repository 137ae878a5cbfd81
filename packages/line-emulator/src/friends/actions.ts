import type { EmulatorContext } from "../context.ts";
import { newMessageId, newQuoteToken } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import { followStatus, setFollowStatus } from "../state/friendships.ts";
import { issueReplyToken } from "../state/reply-tokens.ts";
import type { VirtualUser } from "../state/types.ts";
import { followEvent, textMessageEvent, unfollowEvent } from "../webhooks/events.ts";

// What a virtual user does in the LINE app. Each action changes the friend graph first, then
// queues the webhook LINE would send; the caller never waits for the bot.

export type FriendActionError = {
  code: "user_not_found" | "already_following" | "not_following";
  message: string;
};

export type QueuedEvent = { webhookEventId: string; replyToken?: string };

/** The user adds the channel as a friend, or unblocks it. */
export function follow(
  ctx: EmulatorContext,
  userId: string,
): Result<QueuedEvent, FriendActionError> {
  const user = ctx.state.users.get(userId);
  if (!user) return notFound(userId);
  const before = followStatus(ctx.state, user.channelId, userId);
  if (before === "following") {
    return err({ code: "already_following", message: `${userId} already follows the channel` });
  }
  setFollowStatus(ctx.state, user.channelId, userId, "following");
  const at = ctx.now();
  const replyToken = grantReplyToken(ctx, user, at);
  const event = followEvent(userId, at, replyToken, before === "blocked");
  ctx.webhooks.enqueue(user.channelId, [event]);
  return ok({ webhookEventId: event.webhookEventId, replyToken });
}

/** The user blocks the channel (LINE's "unfollow"). */
export function unfollow(
  ctx: EmulatorContext,
  userId: string,
): Result<QueuedEvent, FriendActionError> {
  const user = ctx.state.users.get(userId);
  if (!user) return notFound(userId);
  if (followStatus(ctx.state, user.channelId, userId) !== "following") {
    return err({ code: "not_following", message: `${userId} does not follow the channel` });
  }
  setFollowStatus(ctx.state, user.channelId, userId, "blocked");
  const event = unfollowEvent(userId, ctx.now());
  ctx.webhooks.enqueue(user.channelId, [event]);
  return ok({ webhookEventId: event.webhookEventId });
}

/** The user writes a text message in the 1:1 chat; only friends can. */
export function sendText(
  ctx: EmulatorContext,
  userId: string,
  text: string,
): Result<QueuedEvent & { messageId: string }, FriendActionError> {
  const user = ctx.state.users.get(userId);
  if (!user) return notFound(userId);
  if (followStatus(ctx.state, user.channelId, userId) !== "following") {
    return err({
      code: "not_following",
      message: `${userId} must follow the channel before writing to it`,
    });
  }
  const at = ctx.now();
  const replyToken = grantReplyToken(ctx, user, at);
  const message = {
    id: newMessageId(at),
    type: "text" as const,
    quoteToken: newQuoteToken(),
    text,
  };
  const event = textMessageEvent(userId, at, replyToken, message);
  ctx.webhooks.enqueue(user.channelId, [event]);
  return ok({ webhookEventId: event.webhookEventId, replyToken, messageId: message.id });
}

function grantReplyToken(ctx: EmulatorContext, user: VirtualUser, at: number): string {
  return issueReplyToken(
    ctx.state,
    { channelId: user.channelId, userId: user.userId, issuedAt: at },
    ctx.replyTokenTtlMs,
  );
}

function notFound(userId: string): { ok: false; error: FriendActionError } {
  return err({ code: "user_not_found", message: `No virtual user ${userId}` });
}
