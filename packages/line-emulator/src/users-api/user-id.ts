import type { EmulatorState } from "../state/state.ts";

/** A user ID as LINE issues them: `U` + 32 hex digits (DOC:getting-user-ids). */
export const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;

export function isUserIdFormat(value: string): boolean {
  return USER_ID_PATTERN.test(value);
}

/** Whether the channel knows the user at all (created under it); friendship is a separate matter. */
export function isUserOf(state: EmulatorState, channelId: string, userId: string): boolean {
  return state.users.get(userId)?.channelId === channelId;
}
