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
