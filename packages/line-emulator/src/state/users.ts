import { newUserId, newUserIds } from "../ids.ts";
import { followStatus } from "./friendships.ts";
import { type EmulatorState, listFor } from "./state.ts";
import type { FollowStatus, VirtualUser } from "./types.ts";

export type NewUser = {
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
};

/** Adds one virtual user to a channel; the user has not added the channel as a friend yet. */
export function createUser(state: EmulatorState, channelId: string, input: NewUser): VirtualUser {
  let userId = newUserId();
  while (state.users.has(userId)) userId = newUserId();
  const user: VirtualUser = { userId, channelId, ...input };
  addUser(state, user);
  state.changed();
  return user;
}

/**
 * Adds `count` users named "<prefix> <n>" in one synchronous pass (no per-user async work),
 * numbered after the channel's existing users.
 */
export function createUsers(
  state: EmulatorState,
  channelId: string,
  count: number,
  namePrefix: string,
): string[] {
  const ids = listFor(state.userIdsByChannel, channelId);
  const first = ids.length + 1;
  const userIds = newUserIds(count);
  for (let i = 0; i < count; i++) {
    let userId = userIds[i]!;
    while (state.users.has(userId)) userId = newUserId();
    userIds[i] = userId;
    state.users.set(userId, { userId, channelId, displayName: `${namePrefix} ${first + i}` });
    ids.push(userId);
  }
  state.changed();
  return userIds;
}

/** Puts a user into the indexes (also used when loading a saved state). */
export function addUser(state: EmulatorState, user: VirtualUser): void {
  state.users.set(user.userId, user);
  listFor(state.userIdsByChannel, user.channelId).push(user.userId);
}

export type UserPage = {
  users: (VirtualUser & { followStatus: FollowStatus })[];
  total: number;
};

export function listUsers(
  state: EmulatorState,
  channelId: string,
  offset: number,
  limit: number,
): UserPage {
  const ids = state.userIdsByChannel.get(channelId) ?? [];
  const users = ids.slice(offset, offset + limit).map((userId) => {
    const user = state.users.get(userId)!;
    return { ...user, followStatus: followStatus(state, channelId, userId) };
  });
  return { users, total: ids.length };
}
