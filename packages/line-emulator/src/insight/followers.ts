import { countsUntil } from "../state/follow-history.ts";
import type { EmulatorState } from "../state/state.ts";
import { dayStatus } from "./dates.ts";

/** LINE has follower statistics from 2016-11-01 (REF#get-number-of-followers). */
const FIRST_DATE = "20161101";

export type FollowersResponse =
  | { status: "ready"; followers: number; targetedReaches: number; blocks: number }
  | { status: "unready" | "out_of_service" };

/**
 * GET /v2/bot/insight/followers: first-time adds up to the date (never decreasing), friends
 * reachable then, and users blocking then. The emulator counts every friend as reachable by
 * targeted messages, since each has demographic attributes.
 */
export function followersOn(
  state: EmulatorState,
  channelId: string,
  date: string,
  nowMs: number,
): FollowersResponse {
  const status = dayStatus(date, FIRST_DATE, nowMs);
  if (status !== "ready") return { status };
  const { follows, unblocks, blocks } = countsUntil(state, channelId, date);
  const blocking = Math.max(0, blocks - unblocks);
  return {
    status,
    followers: follows,
    targetedReaches: Math.max(0, follows - blocking),
    blocks: blocking,
  };
}
