import {
  type AccountLinkSnapshot,
  restoreAccountLinkSnapshot,
  takeAccountLinkSnapshot,
} from "./account-links.ts";
import {
  type AudienceSnapshot,
  restoreAudienceSnapshot,
  takeAudienceSnapshot,
} from "./audiences.ts";
import { addChannel } from "./channels.ts";
import { type ChatSnapshot, restoreChatSnapshot, takeChatSnapshot } from "./chats.ts";
import {
  type DemographicsSnapshot,
  restoreDemographicsSnapshot,
  takeDemographicsSnapshot,
} from "./demographics.ts";
import {
  type EngagementSnapshot,
  restoreEngagementSnapshot,
  takeEngagementSnapshot,
} from "./engagement.ts";
import {
  type FollowHistorySnapshot,
  restoreFollowHistorySnapshot,
  takeFollowHistorySnapshot,
} from "./follow-history.ts";
import { type LoginSnapshot, restoreLoginSnapshot, takeLoginSnapshot } from "./login.ts";
import { type MessagingSnapshot, restoreMessaging, snapshotMessaging } from "./messaging.ts";
import {
  type ProviderSnapshot,
  restoreProviderSnapshot,
  takeProviderSnapshot,
} from "./providers.ts";
import { addReceived } from "./received.ts";
import { liveRetryKeys } from "./retry-keys.ts";
import {
  type RichMenuSnapshot,
  restoreRichMenuSnapshot,
  takeRichMenuSnapshot,
} from "./rich-menus.ts";
import { createState, type EmulatorState, mapFor } from "./state.ts";
import type {
  AcceptedRetry,
  Channel,
  FollowStatus,
  ReceivedMessage,
  VirtualUser,
} from "./types.ts";
import { addUser } from "./users.ts";
import {
  restoreUsersApiSnapshot,
  takeUsersApiSnapshot,
  type UsersApiSnapshot,
} from "./users-api.ts";

/** The saved form of the emulator's state (the `--data-file` JSON). */
export type Snapshot = {
  version: 1;
  savedAt: string;
  channels: Channel[];
  users: VirtualUser[];
  friendships: { channelId: string; userId: string; status: Exclude<FollowStatus, "none"> }[];
  received: ReceivedMessage[];
  retryKeys: AcceptedRetry[];
  // Added later: optional, so data files from before still load.
  providers?: ProviderSnapshot;
  login?: LoginSnapshot;
  accountLinks?: AccountLinkSnapshot;
  richMenus?: RichMenuSnapshot;
  usersApi?: UsersApiSnapshot;
  chats?: ChatSnapshot;
  engagement?: EngagementSnapshot;
  followHistory?: FollowHistorySnapshot;
  demographics?: DemographicsSnapshot;
  audiences?: AudienceSnapshot;
  messaging?: MessagingSnapshot;
};

export function takeSnapshot(state: EmulatorState, nowMs: number): Snapshot {
  const friendships: Snapshot["friendships"] = [];
  for (const [channelId, statuses] of state.friendships) {
    for (const [userId, status] of statuses) {
      if (status !== "none") friendships.push({ channelId, userId, status });
    }
  }
  const users: VirtualUser[] = [];
  for (const ids of state.userIdsByChannel.values()) {
    for (const id of ids) users.push(state.users.get(id)!);
  }
  return {
    version: 1,
    savedAt: new Date(nowMs).toISOString(),
    channels: [...state.channels.values()],
    users,
    friendships,
    received: [...state.received.values()].flat(),
    retryKeys: liveRetryKeys(state, nowMs),
    messaging: snapshotMessaging(state.messaging),
    providers: takeProviderSnapshot(state),
    login: takeLoginSnapshot(state, nowMs),
    accountLinks: takeAccountLinkSnapshot(state, nowMs),
    richMenus: takeRichMenuSnapshot(state),
    usersApi: takeUsersApiSnapshot(state),
    chats: takeChatSnapshot(state),
    engagement: takeEngagementSnapshot(state),
    followHistory: takeFollowHistorySnapshot(state),
    demographics: takeDemographicsSnapshot(state),
    audiences: takeAudienceSnapshot(state),
  };
}

export function restoreSnapshot(snapshot: Snapshot): EmulatorState {
  const state = createState();
  for (const channel of snapshot.channels) addChannel(state, channel);
  for (const user of snapshot.users) addUser(state, user);
  for (const { channelId, userId, status } of snapshot.friendships) {
    mapFor(state.friendships, channelId).set(userId, status);
  }
  for (const message of snapshot.received) addReceived(state, message);
  for (const accepted of snapshot.retryKeys) {
    mapFor(state.retryKeys, accepted.channelId).set(accepted.retryKey, accepted);
  }
  if (snapshot.messaging) restoreMessaging(state.messaging, snapshot.messaging);
  if (snapshot.providers) restoreProviderSnapshot(state, snapshot.providers);
  if (snapshot.login) restoreLoginSnapshot(state, snapshot.login);
  if (snapshot.accountLinks) restoreAccountLinkSnapshot(state, snapshot.accountLinks);
  if (snapshot.richMenus) restoreRichMenuSnapshot(state, snapshot.richMenus);
  if (snapshot.usersApi) restoreUsersApiSnapshot(state, snapshot.usersApi);
  if (snapshot.chats) restoreChatSnapshot(state, snapshot.chats);
  if (snapshot.engagement) restoreEngagementSnapshot(state, snapshot.engagement);
  if (snapshot.followHistory) restoreFollowHistorySnapshot(state, snapshot.followHistory);
  if (snapshot.demographics) restoreDemographicsSnapshot(state, snapshot.demographics);
  if (snapshot.audiences) restoreAudienceSnapshot(state, snapshot.audiences);
  return state;
}

/** Checks the outer shape of a parsed data file; the inside is our own output and trusted. */
export function parseSnapshot(value: unknown): Snapshot | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const candidate = value as Partial<Snapshot>;
  if (candidate.version !== 1) return undefined;
  const lists = [
    candidate.channels,
    candidate.users,
    candidate.friendships,
    candidate.received,
    candidate.retryKeys,
  ];
  if (!lists.every(Array.isArray)) return undefined;
  return candidate as Snapshot;
}
