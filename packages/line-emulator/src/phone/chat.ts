import type { EmulatorContext } from "../context.ts";
import type { Friend } from "../friends/common.ts";
import type { JsonObject } from "../json.ts";
import { friendEntries, seenCount } from "../state/chats.ts";
import { receivedMessages } from "../state/received.ts";

/** One bubble of a 1:1 chat, as the friend's phone shows it. */
export type ChatItem =
  | {
      side: "bot";
      at: string;
      messageId: string;
      requestId: string;
      via: string;
      message: JsonObject;
      /** Whether the friend has seen it (counted as an impression). */
      seen: boolean;
    }
  | {
      side: "friend";
      at: string;
      /** Absent for a postback's display text, which the bot never receives as a message. */
      messageId?: string;
      message: JsonObject;
      unsent: boolean;
    };

/** Both sides of the friend's chat in time order; on a tie the friend's message comes first. */
export function chatOf(ctx: EmulatorContext, friend: Friend): ChatItem[] {
  const { channelId } = friend;
  const { userId } = friend.user;
  const seen = seenCount(ctx.state, channelId, userId);
  const bot: ChatItem[] = receivedMessages(ctx.state, channelId, userId).map((received, i) => ({
    side: "bot",
    at: received.at,
    messageId: received.messageId,
    requestId: received.requestId,
    via: received.via,
    message: received.message,
    seen: i < seen,
  }));
  const mine: ChatItem[] = friendEntries(ctx.state, channelId, userId).map((entry) => ({
    side: "friend",
    at: entry.at,
    ...(entry.messageId ? { messageId: entry.messageId } : {}),
    message: entry.message as JsonObject,
    unsent: entry.unsent === true,
  }));
  const items: ChatItem[] = [];
  let b = 0;
  let f = 0;
  while (b < bot.length || f < mine.length) {
    const next =
      f < mine.length && (b >= bot.length || mine[f]!.at <= bot[b]!.at) ? mine[f++]! : bot[b++]!;
    items.push(next);
  }
  return items;
}
