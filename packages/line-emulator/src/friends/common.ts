import type { EmulatorContext } from "../context.ts";
import { err, ok, type Result } from "../result.ts";
import { followStatus } from "../state/friendships.ts";
import { issueReplyToken } from "../state/reply-tokens.ts";
import type { VirtualUser } from "../state/types.ts";
import type { WebhookEvent } from "../webhooks/events.ts";

// What every friend action shares: finding the friend, reply tokens, queueing the webhook and
// the errors a script can make.

export type FriendActionError = {
  code:
    | "user_not_found"
    | "already_following"
    | "not_following"
    | "message_not_found"
    | "action_not_found"
    | "invalid_action"
    | "no_rich_menu";
  message: string;
};

export type FriendResult<T> = Result<T, FriendActionError>;

/** What the control API answers for an action that sent a webhook event. */
export type QueuedEvent = { webhookEventId: string; replyToken?: string };

/** A virtual user acting in the chat with the channel it belongs to. */
export type Friend = { user: VirtualUser; channelId: string };

export function findUser(ctx: EmulatorContext, userId: string): FriendResult<Friend> {
  const user = ctx.state.users.get(userId);
  if (!user) return err({ code: "user_not_found", message: `No virtual user ${userId}` });
  return ok({ user, channelId: user.channelId });
}

/** The user, if they currently follow their channel: only friends can write or tap. */
export function findFriend(ctx: EmulatorContext, userId: string): FriendResult<Friend> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  if (followStatus(ctx.state, found.value.channelId, userId) !== "following") {
    return err({
      code: "not_following",
      message: `${userId} must follow the channel to do that`,
    });
  }
  return found;
}

export function grantReplyToken(ctx: EmulatorContext, friend: Friend, at: number): string {
  return issueReplyToken(
    ctx.state,
    { channelId: friend.channelId, userId: friend.user.userId, issuedAt: at },
    ctx.replyTokenTtlMs,
  );
}

/** Queues one event in its own webhook POST and says what the script can match it by. */
export function queue(ctx: EmulatorContext, friend: Friend, event: WebhookEvent): QueuedEvent {
  ctx.webhooks.enqueue(friend.channelId, [event]);
  return "replyToken" in event && event.replyToken !== undefined
    ? { webhookEventId: event.webhookEventId, replyToken: event.replyToken }
    : { webhookEventId: event.webhookEventId };
}
