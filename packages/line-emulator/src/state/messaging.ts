import type { SendVia } from "./types.ts";

// What sending leaves behind per channel: the quota plan and this month's usage, and how many
// messages went out each day by each route (the `delivery/*` counts).

/** LINE Official Account plans in Japan (DOC:pricing): monthly messages included. */
export type QuotaPlanName = "communication" | "light" | "standard";

export type QuotaSettings = {
  plan: QuotaPlanName;
  /**
   * Standard only: the cap the operator set on paid additional messages. null = no cap, so the
   * quota endpoint answers `{type: "none"}` and sending never runs out.
   */
  additionalLimit: number | null;
  /** Replaces the plan's monthly target (e.g. 3 in a test). */
  limit?: number;
};

export type QuotaUsage = {
  /** `yyyyMM` in Japan time; usage starts again at 0 in a new month. */
  month: string;
  used: number;
  /** Held for narrowcasts in progress (REF#send-narrowcast-message, remaining messages note). */
  reserved: number;
};

export type DeliveryCounts = Record<SendVia, number>;

export type MessagingState = {
  /** Plan for channels without their own; createEmulator's `quota` option. */
  defaultQuota: QuotaSettings;
  quotas: Map<string, QuotaSettings>;
  usage: Map<string, QuotaUsage>;
  /** channelId → `yyyyMMdd` (Japan time) → messages delivered by route. */
  deliveryCounts: Map<string, Map<string, DeliveryCounts>>;
};

export const STANDARD_WITHOUT_CAP: QuotaSettings = { plan: "standard", additionalLimit: null };

export function createMessagingState(): MessagingState {
  return {
    defaultQuota: STANDARD_WITHOUT_CAP,
    quotas: new Map(),
    usage: new Map(),
    deliveryCounts: new Map(),
  };
}

export type MessagingSnapshot = {
  quotas: { channelId: string; settings: QuotaSettings }[];
  usage: ({ channelId: string } & Omit<QuotaUsage, "reserved">)[];
  deliveryCounts: { channelId: string; date: string; counts: DeliveryCounts }[];
};

export function snapshotMessaging(state: MessagingState): MessagingSnapshot {
  const deliveryCounts: MessagingSnapshot["deliveryCounts"] = [];
  for (const [channelId, days] of state.deliveryCounts) {
    for (const [date, counts] of days) deliveryCounts.push({ channelId, date, counts });
  }
  return {
    quotas: [...state.quotas].map(([channelId, settings]) => ({ channelId, settings })),
    usage: [...state.usage].map(([channelId, { month, used }]) => ({ channelId, month, used })),
    deliveryCounts,
  };
}

export function restoreMessaging(state: MessagingState, snapshot: MessagingSnapshot): void {
  for (const { channelId, settings } of snapshot.quotas) state.quotas.set(channelId, settings);
  for (const { channelId, month, used } of snapshot.usage) {
    state.usage.set(channelId, { month, used, reserved: 0 });
  }
  for (const { channelId, date, counts } of snapshot.deliveryCounts) {
    let days = state.deliveryCounts.get(channelId);
    if (!days) {
      days = new Map();
      state.deliveryCounts.set(channelId, days);
    }
    days.set(date, counts);
  }
}
