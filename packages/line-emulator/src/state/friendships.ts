import { type EmulatorState, mapFor } from "./state.ts";
import type { FollowStatus } from "./types.ts";

export function followStatus(
  state: EmulatorState,
  channelId: string,
  userId: string,
): FollowStatus {
  return state.friendships.get(channelId)?.get(userId) ?? "none";
}

export function setFollowStatus(
  state: EmulatorState,
  channelId: string,
  userId: string,
  status: FollowStatus,
): void {
  const statuses = mapFor(state.friendships, channelId);
  if (status === "none") statuses.delete(userId);
  else statuses.set(userId, status);
  state.changed();
}
