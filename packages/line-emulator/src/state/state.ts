import { type AccountLinkState, createAccountLinkState } from "./account-links.ts";
import { type AudienceState, createAudienceState } from "./audiences.ts";
import { type ChatState, createChatState } from "./chats.ts";
import { createDemographicsState, type DemographicsState } from "./demographics.ts";
import { createEngagementState, type EngagementState } from "./engagement.ts";
import { createFollowHistoryState, type FollowHistoryState } from "./follow-history.ts";
import { createLoginState, type LoginState } from "./login.ts";
import { createMessagingState, type MessagingState } from "./messaging.ts";
import { createProviderState, type ProviderState } from "./providers.ts";
import { createRichMenuState, type RichMenuState } from "./rich-menus.ts";
import type {
  AcceptedRetry,
  Channel,
  FollowStatus,
  ReceivedMessage,
  ReplyTokenGrant,
  VirtualUser,
} from "./types.ts";
import { createUsersApiState, type UsersApiState } from "./users-api.ts";

/**
 * Everything the emulator knows, in memory. Capability modules (channels.ts, users.ts, …)
 * read and change it and call `changed()` so persistence can save.
 */
export type EmulatorState = {
  channels: Map<string, Channel>;
  channelsByToken: Map<string, Channel>;
  users: Map<string, VirtualUser>;
  /** channelId → userIds in creation order. */
  userIdsByChannel: Map<string, string[]>;
  /** channelId → userId → status; a missing entry means "none", so bulk-created users cost nothing here. */
  friendships: Map<string, Map<string, FollowStatus>>;
  /** channelId → messages in arrival order. */
  received: Map<string, ReceivedMessage[]>;
  /** channelId → userId → that user's messages (same objects as `received`). */
  receivedByUser: Map<string, Map<string, ReceivedMessage[]>>;
  /** channelId → retry key → acceptance. */
  retryKeys: Map<string, Map<string, AcceptedRetry>>;
  /** Reply tokens live one minute, so they are never persisted. */
  replyTokens: Map<string, ReplyTokenGrant>;
  messaging: MessagingState;
  providers: ProviderState;
  login: LoginState;
  accountLinks: AccountLinkState;
  richMenus: RichMenuState;
  usersApi: UsersApiState;
  chats: ChatState;
  engagement: EngagementState;
  followHistory: FollowHistoryState;
  demographics: DemographicsState;
  audiences: AudienceState;
  changed: () => void;
};

export function createState(): EmulatorState {
  return {
    channels: new Map(),
    channelsByToken: new Map(),
    users: new Map(),
    userIdsByChannel: new Map(),
    friendships: new Map(),
    received: new Map(),
    receivedByUser: new Map(),
    retryKeys: new Map(),
    replyTokens: new Map(),
    messaging: createMessagingState(),
    providers: createProviderState(),
    login: createLoginState(),
    accountLinks: createAccountLinkState(),
    richMenus: createRichMenuState(),
    usersApi: createUsersApiState(),
    chats: createChatState(),
    engagement: createEngagementState(),
    followHistory: createFollowHistoryState(),
    demographics: createDemographicsState(),
    audiences: createAudienceState(),
    changed: () => {},
  };
}

/** The inner map under `key`, created on first use. */
export function mapFor<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/** The list under `key`, created on first use. */
export function listFor<V>(outer: Map<string, V[]>, key: string): V[] {
  let list = outer.get(key);
  if (!list) {
    list = [];
    outer.set(key, list);
  }
  return list;
}
