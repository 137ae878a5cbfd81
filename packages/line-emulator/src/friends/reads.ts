import type { EmulatorContext } from "../context.ts";
import { ok } from "../result.ts";
import { seenCount, setSeenCount } from "../state/chats.ts";
import { type Impression, recordImpressions } from "../state/engagement.ts";
import { receivedMessages } from "../state/received.ts";
import { type FriendResult, findUser } from "./common.ts";

/**
 * The friend opens the chat and sees everything received since the last time: each newly seen
 * message counts one impression for its send request (DOC:measure-impressions).
 */
export function readMessages(
  ctx: EmulatorContext,
  userId: string,
): FriendResult<{ read: number; total: number }> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const { channelId } = found.value;
  const received = receivedMessages(ctx.state, channelId, userId);
  const from = seenCount(ctx.state, channelId, userId);
  if (from >= received.length) return ok({ read: 0, total: received.length });
  const impressions: Impression[] = received.slice(from).map((message) => ({
    channelId,
    requestId: message.requestId,
    messageId: message.messageId,
    userId,
  }));
  recordImpressions(ctx.state, impressions);
  setSeenCount(ctx.state, channelId, userId, received.length);
  return ok({ read: impressions.length, total: received.length });
}

export type ChannelReadResult = {
  /** The users who opened the chat and saw something new, in the channel's order. */
  userIds: string[];
  /** Messages newly seen, one impression each. */
  read: number;
  /** IDs that are not users of this channel; nothing happened to them. */
  unknownUserIds: string[];
};

/**
 * Many of a channel's users open the chat at once, each read exactly as `readMessages`: the
 * given `userIds`, or a `share` (0–1, everyone unless said) of those who have something unread,
 * chosen at random as a real audience's readers would be.
 */
export function readChannel(
  ctx: EmulatorContext,
  channelId: string,
  who: { userIds: readonly string[] } | { share: number },
): ChannelReadResult {
  const { state } = ctx;
  const unknownUserIds: string[] = [];
  let readers: string[];
  if ("userIds" in who) {
    readers = [];
    for (const userId of new Set(who.userIds)) {
      if (state.users.get(userId)?.channelId === channelId) readers.push(userId);
      else unknownUserIds.push(userId);
    }
  } else {
    const unread = (state.userIdsByChannel.get(channelId) ?? []).filter(
      (userId) =>
        seenCount(state, channelId, userId) < receivedMessages(state, channelId, userId).length,
    );
    readers = sample(unread, Math.round(who.share * unread.length));
  }
  const userIds: string[] = [];
  let read = 0;
  for (const userId of readers) {
    const result = readMessages(ctx, userId);
    if (!result.ok || result.value.read === 0) continue;
    userIds.push(userId);
    read += result.value.read;
  }
  return { userIds, read, unknownUserIds };
}

/** `count` of `items` at random, kept in their order. */
function sample(items: readonly string[], count: number): string[] {
  if (count >= items.length) return [...items];
  const indexes = items.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
