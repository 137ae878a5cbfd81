import { type EmulatorState, mapFor } from "./state.ts";

// How each channel's friend count moved, day by day (JST, as LINE's insight dates are), and when
// each current friend followed. Daily counters instead of an event per follow keep a million
// bulk follows cheap to hold and to save.

export type DayCounts = { follows: number; unblocks: number; blocks: number };

export type FollowHistoryState = {
  /** channelId → yyyyMMdd (UTC+9) → what happened that day. */
  days: Map<string, Map<string, DayCounts>>;
  /** channelId → userId → when the user last became a friend (follow or unblock), in ms. */
  followedAt: Map<string, Map<string, number>>;
};

/**
 * When users followed, saved compactly: a run of the channel's users (in creation order) who
 * followed at the same moment is `{from, count}` (a million bulk follows are one entry); anyone
 * else is listed by ID.
 */
type SavedFollowTimes =
  | { channelId: string; at: number; from: number; count: number }
  | { channelId: string; at: number; userIds: string[] };

export type FollowHistorySnapshot = {
  days: ({ channelId: string; date: string } & DayCounts)[];
  followedAt: SavedFollowTimes[];
};

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The `yyyyMMdd` date in UTC+9 of a moment, the date format of LINE's insight endpoints. */
export function jstDate(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
}

export function createFollowHistoryState(): FollowHistoryState {
  return { days: new Map(), followedAt: new Map() };
}

function dayFor(state: EmulatorState, channelId: string, at: number): DayCounts {
  const days = mapFor(state.followHistory.days, channelId);
  const date = jstDate(at);
  let day = days.get(date);
  if (!day) {
    day = { follows: 0, unblocks: 0, blocks: 0 };
    days.set(date, day);
  }
  return day;
}

/** Users became friends at `at`: first-time follows, or unblocks of users who had blocked. */
export function recordFollows(
  state: EmulatorState,
  channelId: string,
  userIds: readonly string[],
  at: number,
  kind: "follow" | "unblock",
): void {
  const day = dayFor(state, channelId, at);
  if (kind === "follow") day.follows += userIds.length;
  else day.unblocks += userIds.length;
  const followedAt = mapFor(state.followHistory.followedAt, channelId);
  for (const userId of userIds) followedAt.set(userId, at);
  state.changed();
}

export function recordBlock(state: EmulatorState, channelId: string, userId: string, at: number) {
  dayFor(state, channelId, at).blocks++;
  state.followHistory.followedAt.get(channelId)?.delete(userId);
  state.changed();
}

export function followedAt(
  state: EmulatorState,
  channelId: string,
  userId: string,
): number | undefined {
  return state.followHistory.followedAt.get(channelId)?.get(userId);
}

/** Totals over every day up to and including `date` (yyyyMMdd). */
export function countsUntil(state: EmulatorState, channelId: string, date: string): DayCounts {
  const total: DayCounts = { follows: 0, unblocks: 0, blocks: 0 };
  for (const [day, counts] of state.followHistory.days.get(channelId) ?? []) {
    if (day > date) continue;
    total.follows += counts.follows;
    total.unblocks += counts.unblocks;
    total.blocks += counts.blocks;
  }
  return total;
}

export function takeFollowHistorySnapshot(state: EmulatorState): FollowHistorySnapshot {
  const days: FollowHistorySnapshot["days"] = [];
  for (const [channelId, byDate] of state.followHistory.days) {
    for (const [date, counts] of byDate) days.push({ channelId, date, ...counts });
  }
  const followedAt: SavedFollowTimes[] = [];
  for (const [channelId, times] of state.followHistory.followedAt) {
    const order = state.userIdsByChannel.get(channelId) ?? [];
    const inRuns = new Set<string>();
    let run: { at: number; from: number; count: number } | undefined;
    const flush = () => {
      if (run) followedAt.push({ channelId, ...run });
      run = undefined;
    };
    for (const [index, userId] of order.entries()) {
      const at = times.get(userId);
      if (at === undefined) {
        flush();
        continue;
      }
      inRuns.add(userId);
      if (run && run.at === at && run.from + run.count === index) run.count++;
      else {
        flush();
        run = { at, from: index, count: 1 };
      }
    }
    flush();
    const others = new Map<number, string[]>();
    for (const [userId, at] of times) {
      if (inRuns.has(userId)) continue;
      let group = others.get(at);
      if (!group) {
        group = [];
        others.set(at, group);
      }
      group.push(userId);
    }
    for (const [at, userIds] of others) followedAt.push({ channelId, at, userIds });
  }
  return { days, followedAt };
}

export function restoreFollowHistorySnapshot(
  state: EmulatorState,
  snapshot: FollowHistorySnapshot,
): void {
  for (const { channelId, date, follows, unblocks, blocks } of snapshot.days) {
    mapFor(state.followHistory.days, channelId).set(date, { follows, unblocks, blocks });
  }
  for (const saved of snapshot.followedAt) {
    const times = mapFor(state.followHistory.followedAt, saved.channelId);
    if ("userIds" in saved) {
      for (const userId of saved.userIds) times.set(userId, saved.at);
      continue;
    }
    const order = state.userIdsByChannel.get(saved.channelId) ?? [];
    for (let i = saved.from; i < saved.from + saved.count && i < order.length; i++) {
      times.set(order[i]!, saved.at);
    }
  }
}
