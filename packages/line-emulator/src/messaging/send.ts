import type { EmulatorContext } from "../context.ts";
import { newMessageId, newQuoteToken } from "../ids.ts";
import { followStatus } from "../state/friendships.ts";
import { recordReceived } from "../state/received.ts";
import type {
  Channel,
  MessageObject,
  ReceivedMessage,
  SendVia,
  SentMessage,
} from "../state/types.ts";
import { recordDelivered } from "./delivery-counts.ts";

// Message types a user can quote, so LINE returns a quoteToken for them (OAS SentMessage).
const QUOTABLE = new Set(["text", "textV2", "sticker", "image", "video"]);

/** IDs (and quote tokens) for the messages of one send request, as LINE returns them. */
export function newSentMessages(messages: MessageObject[], nowMs: number): SentMessage[] {
  return messages.map((message) => ({
    id: newMessageId(nowMs),
    ...(QUOTABLE.has(message.type) ? { quoteToken: newQuoteToken() } : {}),
  }));
}

/** Whether `userId` is a user this channel can address at all (exists under the channel). */
export function isUserOfChannel(ctx: EmulatorContext, channel: Channel, userId: string): boolean {
  return ctx.state.users.get(userId)?.channelId === channel.channelId;
}

/**
 * The distinct users among `userIds` who would receive a message now: users of this channel who
 * follow it. Anyone else (blocked, never followed, unknown, another channel's user) is skipped
 * without an error and is not counted against the quota, as on LINE.
 */
export function friendsAmong(
  ctx: EmulatorContext,
  channel: Channel,
  userIds: readonly string[],
): string[] {
  const friends: string[] = [];
  const seen = userIds.length > 1 ? new Set<string>() : undefined;
  for (const userId of userIds) {
    if (seen) {
      if (seen.has(userId)) continue;
      seen.add(userId);
    }
    if (!isUserOfChannel(ctx, channel, userId)) continue;
    if (followStatus(ctx.state, channel.channelId, userId) !== "following") continue;
    friends.push(userId);
  }
  return friends;
}

/** Every user who follows the channel now (broadcast, narrowcast without a recipient). */
export function allFriends(ctx: EmulatorContext, channel: Channel): string[] {
  const friends: string[] = [];
  for (const [userId, status] of ctx.state.friendships.get(channel.channelId) ?? []) {
    if (status === "following" && isUserOfChannel(ctx, channel, userId)) friends.push(userId);
  }
  return friends;
}

export type Delivery = {
  channel: Channel;
  /** Users who receive the messages: already filtered with friendsAmong or allFriends. */
  recipients: readonly string[];
  messages: MessageObject[];
  sent: SentMessage[];
  via: SendVia;
  requestId: string;
};

/** Puts the messages into the recipients' chats and counts them for `delivery/*`. */
export function deliver(ctx: EmulatorContext, delivery: Delivery): void {
  const { channel, recipients, messages, sent, via, requestId } = delivery;
  const nowMs = ctx.now();
  const at = new Date(nowMs).toISOString();
  const received: ReceivedMessage[] = [];
  for (const userId of recipients) {
    messages.forEach((message, i) => {
      received.push({
        channelId: channel.channelId,
        userId,
        messageId: sent[i]!.id,
        requestId,
        via,
        at,
        message,
      });
    });
  }
  recordReceived(ctx.state, received);
  recordDelivered(ctx.state, channel.channelId, via, recipients.length, nowMs);
}
