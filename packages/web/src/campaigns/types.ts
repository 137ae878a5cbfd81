import type {
  AbResult,
  Audience,
  AudienceExclusion,
  CampaignStatus,
  CostEstimate,
  DeliverySettings,
  FrequencyCap,
  OpenRateComparison,
  QuotaCheck,
  SkipReason,
} from "@kizuna/core/delivery";
import type { Message } from "@kizuna/core/messages";

export type {
  AbResult,
  Audience,
  CampaignStatus,
  DeliverySettings,
  OpenRateComparison,
  SkipReason,
};

// The campaigns API as the server speaks it (packages/server/src/campaigns).

export interface Campaign {
  id: string;
  name: string | null;
  /** The first text message, for lists. */
  text: string;
  messages: { type: string; text?: string }[];
  status: CampaignStatus;
  /** ISO 8601 */
  scheduledAt: string;
  /** ISO 8601: while quiet hours hold it back, when they end. */
  heldUntil: string | null;
  recipients: number;
  accepted: number;
  failed: number;
  skipped: { blocked: number; capped: number; quietHours: number };
  error: { code: string; detail: Record<string, unknown> | null } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Absent until the server presents audiences (older servers: all valid friends). */
  audience?: Audience;
  audienceNames?: AudienceNames;
  /** null: one set of messages for everyone. */
  variants?: CampaignVariant[] | null;
  abResult?: AbResult | null;
  /** The variants' open rates compared, or why not; null for a single campaign. */
  openAbResult?: OpenRateComparison | null;
  uniqueClickers?: number;
  clicks?: number;
  /** LINE's per-unit figures; null: no unit (not started, or sent before units existed). */
  opens?: CampaignOpens | null;
}

/**
 * Opens as LINE's per-unit statistics give them (docs/decisions/014-campaign-opens.md): friends
 * who displayed the message; null where LINE does not report (under 20) or before any read.
 */
export interface CampaignOpens {
  /** ISO 8601: when LINE's figures were last read; null: not read yet. */
  readAt: string | null;
  uniqueImpressions: number | null;
  uniqueClicks: number | null;
  /** Recipients LINE had accepted at that read. */
  delivered: number | null;
  openRate: number | null;
  /** Variants whose opens LINE did not report: a campaign's sum leaves them out. */
  unreported: number;
  /** Set when LINE does not count the unit: the month's 1,000 unit names had run out. */
  uncountedReason?: "unit_limit" | null;
  /** Variants LINE does not count (that reason): a campaign's sum leaves them out. */
  uncounted?: number;
}

/** A saved segment or an uploaded list whose friends are left out. */
export type Exclusion = AudienceExclusion;

/** The names of the segments and lists an audience refers to, by id. */
export interface AudienceNames {
  segments: Record<string, string>;
  lists: Record<string, string>;
}

/** One arm of an A/B test: its messages, its share of the audience and how it did. */
export interface CampaignVariant {
  index: number;
  label: string;
  weight: number;
  messages: { type: string; text?: string }[];
  recipients: number;
  accepted: number;
  failed: number;
  skipped: number;
  uniqueClickers: number;
  clicks: number;
  opens?: CampaignOpens | null;
}

export interface CampaignList {
  campaigns: Campaign[];
}

export interface CampaignOutcomes {
  failures: { reason: string; recipients: number; example: string | null }[];
  skipped: { reason: SkipReason; recipients: number }[];
  requests: { multicast: number; push: number };
}

export interface CampaignDetail {
  campaign: Campaign;
  outcomes: CampaignOutcomes;
}

/** Exactly one of `messages` (everyone gets the same) and `variants` (an A/B test). */
export type NewCampaign = {
  name?: string;
  audience: Audience;
  /** ISO 8601; absent sends now. */
  scheduledAt?: string | null;
} & (
  | { messages: Message[]; variants?: never }
  | { variants: { messages: Message[]; weight: number }[]; messages?: never }
);

export interface PresendSummary {
  recipients: number;
  messages: number;
  quota: {
    line: { limit: number | null; used: number } | null;
    sentByKizuna: number;
    configuredLimit: number | null;
  };
  guard: QuotaCheck;
  /** LINE's aggregation unit names used this month; null when LINE could not be asked. */
  aggregationUnits?: {
    used: number;
    limit: number;
    status: "ok" | "near" | "reached";
  } | null;
  plan: { id: string; name: string; monthlyFeeYen: number; includedMessages: number };
  cost: CostEstimate;
  quietHours:
    | (({ quiet: false } | { quiet: true; endsAt: string }) & {
        start: string;
        end: string;
        mode: "hold" | "skip";
      })
    | null;
  frequencyCap: FrequencyCap | null;
}
