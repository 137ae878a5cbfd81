import type { MessageContent } from "../webhooks/events.ts";
import { type EmulatorState, listFor, mapFor } from "./state.ts";

// The friend's side of each 1:1 chat: what the friend sent (LINE shows it on the right), and how
// far the friend has read what the bot sent (the received list in received.ts).

/** Something the friend's chat shows on the friend's side. */
export type FriendChatEntry = {
  channelId: string;
  userId: string;
  at: string;
  /**
   * A message the bot received in a message event, or the `displayText` of a postback, which LINE
   * shows in the chat but sends to the bot only inside the postback event (no messageId then).
   */
  message: MessageContent | { type: "text"; text: string };
  messageId?: string;
  /** The friend unsent it: LINE hides it from both sides. */
  unsent?: boolean;
};

export type ChatState = {
  /** channelId → userId → what the friend put in the chat, in order. */
  sent: Map<string, Map<string, FriendChatEntry[]>>;
  /** channelId → userId → how many of the received messages the friend has seen. */
  seen: Map<string, Map<string, number>>;
  /**
   * channelId → userId → the menu a rich menu switch action showed, over which menu. Like the
   * LINE app's own display state it is not saved, and it lapses once the bot changes the menu.
   */
  switchedMenus: Map<string, Map<string, SwitchedMenu>>;
};

/** The alias a switch action opened, and the menu the bot had given the user then. */
export type SwitchedMenu = { richMenuAliasId: string; over: string | undefined };

export type ChatSnapshot = {
  sent: FriendChatEntry[];
  seen: { channelId: string; userId: string; count: number }[];
};

export function createChatState(): ChatState {
  return { sent: new Map(), seen: new Map(), switchedMenus: new Map() };
}

export function recordFriendEntry(state: EmulatorState, entry: FriendChatEntry): void {
  listFor(mapFor(state.chats.sent, entry.channelId), entry.userId).push(entry);
  state.changed();
}

export function friendEntries(
  state: EmulatorState,
  channelId: string,
  userId: string,
): FriendChatEntry[] {
  return state.chats.sent.get(channelId)?.get(userId) ?? [];
}

export function findFriendMessage(
  state: EmulatorState,
  channelId: string,
  userId: string,
  messageId: string,
): FriendChatEntry | undefined {
  return friendEntries(state, channelId, userId).find((entry) => entry.messageId === messageId);
}

export function markUnsent(state: EmulatorState, entry: FriendChatEntry): void {
  entry.unsent = true;
  state.changed();
}

export function seenCount(state: EmulatorState, channelId: string, userId: string): number {
  return state.chats.seen.get(channelId)?.get(userId) ?? 0;
}

export function setSeenCount(
  state: EmulatorState,
  channelId: string,
  userId: string,
  count: number,
): void {
  mapFor(state.chats.seen, channelId).set(userId, count);
  state.changed();
}

export function takeChatSnapshot(state: EmulatorState): ChatSnapshot {
  const sent: FriendChatEntry[] = [];
  for (const users of state.chats.sent.values()) {
    for (const entries of users.values()) sent.push(...entries);
  }
  const seen: ChatSnapshot["seen"] = [];
  for (const [channelId, users] of state.chats.seen) {
    for (const [userId, count] of users) seen.push({ channelId, userId, count });
  }
  return { sent, seen };
}

export function restoreChatSnapshot(state: EmulatorState, snapshot: ChatSnapshot): void {
  for (const entry of snapshot.sent) {
    listFor(mapFor(state.chats.sent, entry.channelId), entry.userId).push(entry);
  }
  for (const { channelId, userId, count } of snapshot.seen) {
    mapFor(state.chats.seen, channelId).set(userId, count);
  }
}
