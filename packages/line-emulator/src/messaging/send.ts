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

export type Delivery = {
  channel: Channel;
  recipients: readonly string[];
  messages: MessageObject[];
  sent: SentMessage[];
  via: SendVia;
  requestId: string;
};

/**
 * Puts the messages into the chats of recipients who currently follow the channel. Anyone else
 * (blocked, never followed, unknown, another channel's user) is skipped without an error, as on
 * LINE. Returns how many users received them.
 */
export function deliver(ctx: EmulatorContext, delivery: Delivery): number {
  const { channel, messages, sent, via, requestId } = delivery;
  const at = new Date(ctx.now()).toISOString();
  const received: ReceivedMessage[] = [];
  let users = 0;
  for (const userId of new Set(delivery.recipients)) {
    if (!isUserOfChannel(ctx, channel, userId)) continue;
    if (followStatus(ctx.state, channel.channelId, userId) !== "following") continue;
    users++;
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
  return users;
}
