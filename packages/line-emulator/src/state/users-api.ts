import { type EmulatorState, mapFor } from "./state.ts";

// What the bot can learn about and do to its users' chats: the account type that unlocks the
// follower list, content users sent, read marks and loading indicators.

/** LINE Official Account types; only verified and premium accounts may list followers. */
export type AccountType = "unverified" | "verified" | "premium";

/** Binary content a user sent (image, video, audio, file), served by the content endpoint. */
export type MessageContentBlob = {
  messageId: string;
  channelId: string;
  userId: string;
  contentType: string;
  data: Buffer;
  storedAt: number;
};

/** A mark-as-read token handed to the bot in a message event (no expiry, DOC:mark-as-read). */
export type MarkAsReadGrant = {
  channelId: string;
  userId: string;
  messageId: string;
  /** Event time of the message; everything the user sent up to it becomes read. */
  sentAt: number;
};

export type ReadMark = { messageId: string; sentAt: number; markedAt: number };

export type LoadingIndicator = { startedAt: number; seconds: number };

export type UsersApiState = {
  /** channelId → type; a missing entry is an unverified account, as a new LINE account is. */
  accountTypes: Map<string, AccountType>;
  contents: Map<string, MessageContentBlob>;
  markAsReadTokens: Map<string, MarkAsReadGrant>;
  /** channelId → userId → the latest message the bot marked as read. */
  readMarks: Map<string, Map<string, ReadMark>>;
  /** channelId → userId → loading animation; seconds long, so never saved. */
  loading: Map<string, Map<string, LoadingIndicator>>;
};

export type UsersApiSnapshot = {
  accountTypes: { channelId: string; type: AccountType }[];
  contents: (Omit<MessageContentBlob, "data"> & { base64: string })[];
  markAsReadTokens: ({ token: string } & MarkAsReadGrant)[];
  readMarks: ({ channelId: string; userId: string } & ReadMark)[];
};

export function createUsersApiState(): UsersApiState {
  return {
    accountTypes: new Map(),
    contents: new Map(),
    markAsReadTokens: new Map(),
    readMarks: new Map(),
    loading: new Map(),
  };
}

export function accountTypeOf(state: EmulatorState, channelId: string): AccountType {
  return state.usersApi.accountTypes.get(channelId) ?? "unverified";
}

export function setAccountType(state: EmulatorState, channelId: string, type: AccountType): void {
  if (type === "unverified") state.usersApi.accountTypes.delete(channelId);
  else state.usersApi.accountTypes.set(channelId, type);
  state.changed();
}

export function takeUsersApiSnapshot(state: EmulatorState): UsersApiSnapshot {
  const api = state.usersApi;
  return {
    accountTypes: [...api.accountTypes].map(([channelId, type]) => ({ channelId, type })),
    contents: [...api.contents.values()].map(({ data, ...blob }) => ({
      ...blob,
      base64: data.toString("base64"),
    })),
    markAsReadTokens: [...api.markAsReadTokens].map(([token, grant]) => ({ token, ...grant })),
    readMarks: [...api.readMarks].flatMap(([channelId, marks]) =>
      [...marks].map(([userId, mark]) => ({ channelId, userId, ...mark })),
    ),
  };
}

export function restoreUsersApiSnapshot(state: EmulatorState, snapshot: UsersApiSnapshot): void {
  const api = state.usersApi;
  for (const { channelId, type } of snapshot.accountTypes) api.accountTypes.set(channelId, type);
  for (const { base64, ...blob } of snapshot.contents) {
    api.contents.set(blob.messageId, { ...blob, data: Buffer.from(base64, "base64") });
  }
  for (const { token, ...grant } of snapshot.markAsReadTokens) {
    api.markAsReadTokens.set(token, grant);
  }
  for (const { channelId, userId, ...mark } of snapshot.readMarks) {
    mapFor(api.readMarks, channelId).set(userId, mark);
  }
}
