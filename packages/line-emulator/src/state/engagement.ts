import { japanMonth } from "../messaging/japan-time.ts";
import { type EmulatorState, listFor, mapFor } from "./state.ts";

// What virtual friends did with the messages of each send request: which bubbles they saw
// (impressions), which links they opened (clicks) and which videos they played. Insight and
// click/impression audiences are computed from it. Keyed by the request ID, as LINE keys them.

/** A number of events and the distinct users behind them. */
export type Tally = { count: number; users: Set<string> };

export type LinkClicks = Tally & { messageId: string; url: string };

export type RequestEngagement = {
  channelId: string;
  requestId: string;
  /** messageId → times displayed. */
  impressions: Map<string, Tally>;
  /** Users who saw at least one message of the request. */
  viewers: Set<string>;
  /** `${messageId} ${url}` → opens of that link in that message. */
  clicks: Map<string, LinkClicks>;
  /** Users who opened any link of the request. */
  clickers: Set<string>;
  /** url → users who opened it through any message of the request. */
  urlClickers: Map<string, Set<string>>;
  /** messageId → plays started, and plays watched to the end. */
  plays: Map<string, { started: Tally; completed: Tally }>;
  players: Set<string>;
  completePlayers: Set<string>;
};

/** A link a friend opened, and where it led. */
export type LinkOpen = {
  channelId: string;
  userId: string;
  at: string;
  url: string;
  /** Where the redirects ended. */
  finalUrl: string;
  /** The last HTTP status; `not_fetched` for links that are not web pages (tel:, line:, …). */
  status: number | "error" | "not_fetched";
  redirects: number;
  messageId?: string;
  requestId?: string;
  detail?: string;
};

/** A push or multicast sent with `customAggregationUnits` (REF#send-push-message). */
export type UnitRequest = { requestId: string; at: number };

/** The unit names a channel used in one Japan-time month, in the order they were first used. */
export type UnitMonth = { month: string; names: Set<string> };

/**
 * LINE assigns at most 1,000 distinct unit names a month per channel; a request naming a new
 * one past that is still sent, but not counted under the unit (REF#send-push-message).
 */
export const AGGREGATION_UNITS_PER_MONTH = 1000;

export type EngagementState = {
  requests: Map<string, RequestEngagement>;
  /** channelId → recent link opens, oldest first. */
  linkOpens: Map<string, LinkOpen[]>;
  /** channelId → aggregation unit name → requests sent with it, oldest first. */
  units: Map<string, Map<string, UnitRequest[]>>;
  /** channelId → the unit names used this month (a new month starts empty). */
  unitMonths: Map<string, UnitMonth>;
  /** channelId → distinct unit names a month, when not LINE's 1,000 (set by a test). */
  unitLimits: Map<string, number>;
};

const LINK_OPEN_LOG_LIMIT = 1000;

type SavedTally = { count: number; users: string[] };

type SavedRequest = {
  channelId: string;
  requestId: string;
  impressions: [string, SavedTally][];
  clicks: (SavedTally & { messageId: string; url: string })[];
  plays: [string, { started: SavedTally; completed: SavedTally }][];
};

export type EngagementSnapshot = {
  requests: SavedRequest[];
  linkOpens: LinkOpen[];
  units?: ({ channelId: string; unit: string } & UnitRequest)[];
  unitMonths?: { channelId: string; month: string; names: string[] }[];
  unitLimits?: { channelId: string; limit: number }[];
};

export function createEngagementState(): EngagementState {
  return {
    requests: new Map(),
    linkOpens: new Map(),
    units: new Map(),
    unitMonths: new Map(),
    unitLimits: new Map(),
  };
}

export function engagementOf(
  state: EmulatorState,
  requestId: string,
): RequestEngagement | undefined {
  return state.engagement.requests.get(requestId);
}

function engagementFor(
  state: EmulatorState,
  channelId: string,
  requestId: string,
): RequestEngagement {
  let found = state.engagement.requests.get(requestId);
  if (!found) {
    found = {
      channelId,
      requestId,
      impressions: new Map(),
      viewers: new Set(),
      clicks: new Map(),
      clickers: new Set(),
      urlClickers: new Map(),
      plays: new Map(),
      players: new Set(),
      completePlayers: new Set(),
    };
    state.engagement.requests.set(requestId, found);
  }
  return found;
}

function count(tally: Tally, userId: string): void {
  tally.count++;
  tally.users.add(userId);
}

function newTally(): Tally {
  return { count: 0, users: new Set() };
}

export type Impression = {
  channelId: string;
  requestId: string;
  messageId: string;
  userId: string;
};

export function recordImpressions(state: EmulatorState, impressions: Impression[]): void {
  if (impressions.length === 0) return;
  for (const { channelId, requestId, messageId, userId } of impressions) {
    const request = engagementFor(state, channelId, requestId);
    let tally = request.impressions.get(messageId);
    if (!tally) {
      tally = newTally();
      request.impressions.set(messageId, tally);
    }
    count(tally, userId);
    request.viewers.add(userId);
  }
  state.changed();
}

export type Click = Impression & { url: string };

export function recordClick(state: EmulatorState, click: Click): void {
  const request = engagementFor(state, click.channelId, click.requestId);
  const key = `${click.messageId} ${click.url}`;
  let tally = request.clicks.get(key);
  if (!tally) {
    tally = { ...newTally(), messageId: click.messageId, url: click.url };
    request.clicks.set(key, tally);
  }
  count(tally, click.userId);
  request.clickers.add(click.userId);
  let users = request.urlClickers.get(click.url);
  if (!users) {
    users = new Set();
    request.urlClickers.set(click.url, users);
  }
  users.add(click.userId);
  state.changed();
}

export function recordPlay(state: EmulatorState, play: Impression & { completed: boolean }): void {
  const request = engagementFor(state, play.channelId, play.requestId);
  let plays = request.plays.get(play.messageId);
  if (!plays) {
    plays = { started: newTally(), completed: newTally() };
    request.plays.set(play.messageId, plays);
  }
  count(plays.started, play.userId);
  request.players.add(play.userId);
  if (play.completed) {
    count(plays.completed, play.userId);
    request.completePlayers.add(play.userId);
  }
  state.changed();
}

export function recordLinkOpen(state: EmulatorState, open: LinkOpen): void {
  const log = listFor(state.engagement.linkOpens, open.channelId);
  log.push(open);
  if (log.length > LINK_OPEN_LOG_LIMIT) log.splice(0, log.length - LINK_OPEN_LOG_LIMIT);
  state.changed();
}

/**
 * Remembers that a push or multicast carried `customAggregationUnits`, so the per-unit
 * statistics (GET /v2/bot/insight/message/event/aggregation) can add its requests up. A name
 * new this month past the channel's limit is not assigned: the request is not counted under it.
 */
export function recordAggregationUnits(
  state: EmulatorState,
  channelId: string,
  requestId: string,
  units: readonly string[],
  at: number,
): void {
  if (units.length === 0) return;
  const byUnit = mapFor(state.engagement.units, channelId);
  const used = unitsThisMonth(state, channelId, at);
  const limit = aggregationUnitLimit(state, channelId);
  for (const unit of units) {
    if (!used.has(unit)) {
      if (used.size >= limit) continue;
      used.add(unit);
    }
    listFor(byUnit, unit).push({ requestId, at });
  }
  state.changed();
}

/** The unit names the channel used in the Japan-time month of `at`, first used first. */
export function unitsThisMonth(state: EmulatorState, channelId: string, at: number): Set<string> {
  const month = japanMonth(at);
  let current = state.engagement.unitMonths.get(channelId);
  if (!current || current.month !== month) {
    current = { month, names: new Set() };
    state.engagement.unitMonths.set(channelId, current);
  }
  return current.names;
}

export function aggregationUnitLimit(state: EmulatorState, channelId: string): number {
  return state.engagement.unitLimits.get(channelId) ?? AGGREGATION_UNITS_PER_MONTH;
}

/** Sets the channel's monthly limit of unit names; null: LINE's 1,000 again. */
export function setAggregationUnitLimit(
  state: EmulatorState,
  channelId: string,
  limit: number | null,
): void {
  if (limit === null) state.engagement.unitLimits.delete(channelId);
  else state.engagement.unitLimits.set(channelId, limit);
  state.changed();
}

export function unitRequests(state: EmulatorState, channelId: string, unit: string): UnitRequest[] {
  return state.engagement.units.get(channelId)?.get(unit) ?? [];
}

export function linkOpens(state: EmulatorState, channelId: string): LinkOpen[] {
  return state.engagement.linkOpens.get(channelId) ?? [];
}

const saveTally = (tally: Tally): SavedTally => ({ count: tally.count, users: [...tally.users] });
const loadTally = (saved: SavedTally): Tally => ({
  count: saved.count,
  users: new Set(saved.users),
});

export function takeEngagementSnapshot(state: EmulatorState): EngagementSnapshot {
  const requests = [...state.engagement.requests.values()].map(
    (request): SavedRequest => ({
      channelId: request.channelId,
      requestId: request.requestId,
      impressions: [...request.impressions].map(([id, tally]) => [id, saveTally(tally)]),
      clicks: [...request.clicks.values()].map((clicks) => ({
        ...saveTally(clicks),
        messageId: clicks.messageId,
        url: clicks.url,
      })),
      plays: [...request.plays].map(([id, plays]) => [
        id,
        { started: saveTally(plays.started), completed: saveTally(plays.completed) },
      ]),
    }),
  );
  const units: NonNullable<EngagementSnapshot["units"]> = [];
  for (const [channelId, byUnit] of state.engagement.units) {
    for (const [unit, sent] of byUnit)
      for (const one of sent) units.push({ channelId, unit, ...one });
  }
  return {
    requests,
    linkOpens: [...state.engagement.linkOpens.values()].flat(),
    units,
    unitMonths: [...state.engagement.unitMonths].map(([channelId, { month, names }]) => ({
      channelId,
      month,
      names: [...names],
    })),
    unitLimits: [...state.engagement.unitLimits].map(([channelId, limit]) => ({
      channelId,
      limit,
    })),
  };
}

/** Rebuilds the per-request sets (viewers, clickers …) from the saved tallies. */
export function restoreEngagementSnapshot(
  state: EmulatorState,
  snapshot: EngagementSnapshot,
): void {
  for (const saved of snapshot.requests) {
    const request = engagementFor(state, saved.channelId, saved.requestId);
    for (const [messageId, tally] of saved.impressions) {
      request.impressions.set(messageId, loadTally(tally));
      for (const userId of tally.users) request.viewers.add(userId);
    }
    for (const clicks of saved.clicks) {
      request.clicks.set(`${clicks.messageId} ${clicks.url}`, {
        ...loadTally(clicks),
        messageId: clicks.messageId,
        url: clicks.url,
      });
      let users = request.urlClickers.get(clicks.url);
      if (!users) {
        users = new Set();
        request.urlClickers.set(clicks.url, users);
      }
      for (const userId of clicks.users) {
        request.clickers.add(userId);
        users.add(userId);
      }
    }
    for (const [messageId, plays] of saved.plays) {
      request.plays.set(messageId, {
        started: loadTally(plays.started),
        completed: loadTally(plays.completed),
      });
      for (const userId of plays.started.users) request.players.add(userId);
      for (const userId of plays.completed.users) request.completePlayers.add(userId);
    }
  }
  for (const open of snapshot.linkOpens)
    listFor(state.engagement.linkOpens, open.channelId).push(open);
  for (const { channelId, unit, requestId, at } of snapshot.units ?? []) {
    listFor(mapFor(state.engagement.units, channelId), unit).push({ requestId, at });
  }
  for (const { channelId, month, names } of snapshot.unitMonths ?? []) {
    state.engagement.unitMonths.set(channelId, { month, names: new Set(names) });
  }
  for (const { channelId, limit } of snapshot.unitLimits ?? []) {
    state.engagement.unitLimits.set(channelId, limit);
  }
}
