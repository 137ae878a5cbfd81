import { type EmulatorState, listFor, mapFor } from "./state.ts";
import type { ReceivedMessage } from "./types.ts";

/** Appends messages to users' chats, in order. */
export function recordReceived(state: EmulatorState, messages: ReceivedMessage[]): void {
  if (messages.length === 0) return;
  for (const message of messages) addReceived(state, message);
  state.changed();
}

/** Puts one message into the indexes (also used when loading a saved state). */
export function addReceived(state: EmulatorState, message: ReceivedMessage): void {
  listFor(state.received, message.channelId).push(message);
  listFor(mapFor(state.receivedByUser, message.channelId), message.userId).push(message);
}

export function receivedMessages(
  state: EmulatorState,
  channelId: string,
  userId?: string,
): ReceivedMessage[] {
  if (userId === undefined) return state.received.get(channelId) ?? [];
  return state.receivedByUser.get(channelId)?.get(userId) ?? [];
}
