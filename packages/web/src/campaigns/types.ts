import type {
  CampaignStatus,
  CostEstimate,
  DeliverySettings,
  FrequencyCap,
  QuotaCheck,
  SkipReason,
} from "@kizuna/core/delivery";

export type { CampaignStatus, DeliverySettings, SkipReason };

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

export interface NewCampaign {
  name?: string;
  messages: { type: "text"; text: string }[];
  /** ISO 8601; absent sends now. */
  scheduledAt?: string | null;
}

export interface PresendSummary {
  recipients: number;
  messages: number;
  quota: {
    line: { limit: number | null; used: number } | null;
    sentByKizuna: number;
    configuredLimit: number | null;
  };
  guard: QuotaCheck;
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
