import { lineError } from "../messaging/errors.ts";
import { japanMonth } from "../messaging/japan-time.ts";
import type { QuotaPlanName, QuotaSettings, QuotaUsage } from "../state/messaging.ts";
import type { EmulatorState } from "../state/state.ts";

// The monthly message quota (DOC:pricing, REF#get-quota, LINE-PLATFORM.md §9): each recipient
// who receives a push, multicast, narrowcast or broadcast counts once, however many message
// objects the request holds; replies are free; blocked users and non-friends do not count.

/** Messages included per month in each plan (Japan, DOC:pricing). */
export const PLAN_MESSAGES: Record<QuotaPlanName, number> = {
  communication: 200,
  light: 5000,
  standard: 30_000,
};

export const QUOTA_EXCEEDED = lineError(429, "You have reached your monthly limit.");

export function quotaSettings(state: EmulatorState, channelId: string): QuotaSettings {
  return state.messaging.quotas.get(channelId) ?? state.messaging.defaultQuota;
}

/** This month's target (free + additional messages), or null when no target is set. */
export function monthlyTarget(settings: QuotaSettings): number | null {
  if (settings.limit !== undefined) return settings.limit;
  if (settings.plan !== "standard") return PLAN_MESSAGES[settings.plan];
  return settings.additionalLimit === null
    ? null
    : PLAN_MESSAGES.standard + settings.additionalLimit;
}

/** The channel's usage this month; a new month starts from zero. */
export function quotaUsage(state: EmulatorState, channelId: string, nowMs: number): QuotaUsage {
  const month = japanMonth(nowMs);
  let usage = state.messaging.usage.get(channelId);
  if (!usage || usage.month !== month) {
    usage = { month, used: 0, reserved: usage?.reserved ?? 0 };
    state.messaging.usage.set(channelId, usage);
  }
  return usage;
}

/** Messages the channel can still send this month (Infinity without a target). */
export function remainingQuota(state: EmulatorState, channelId: string, nowMs: number): number {
  const target = monthlyTarget(quotaSettings(state, channelId));
  if (target === null) return Number.POSITIVE_INFINITY;
  const usage = quotaUsage(state, channelId, nowMs);
  return Math.max(0, target - usage.used - usage.reserved);
}

/** Counts `recipients` against the quota; false (nothing counted) when they do not fit. */
export function consumeQuota(
  state: EmulatorState,
  channelId: string,
  recipients: number,
  nowMs: number,
): boolean {
  if (recipients === 0) return true;
  if (recipients > remainingQuota(state, channelId, nowMs)) return false;
  quotaUsage(state, channelId, nowMs).used += recipients;
  state.changed();
  return true;
}

/** Holds quota for a narrowcast from acceptance until it completes. */
export function reserveQuota(
  state: EmulatorState,
  channelId: string,
  count: number,
  nowMs: number,
) {
  quotaUsage(state, channelId, nowMs).reserved += count;
}

/** Ends a reservation: `sent` messages become usage, the rest is released. */
export function settleReservation(
  state: EmulatorState,
  channelId: string,
  reserved: number,
  sent: number,
  nowMs: number,
): void {
  const usage = quotaUsage(state, channelId, nowMs);
  usage.reserved = Math.max(0, usage.reserved - reserved);
  usage.used += sent;
  state.changed();
}

export function setQuotaSettings(state: EmulatorState, channelId: string, settings: QuotaSettings) {
  state.messaging.quotas.set(channelId, settings);
  state.changed();
}

/** Sets this month's usage (the control API simulates earlier sends with it). */
export function setQuotaUsed(state: EmulatorState, channelId: string, used: number, nowMs: number) {
  quotaUsage(state, channelId, nowMs).used = used;
  state.changed();
}
