import { z } from "zod";

// LINE Official Account plans in Japan since 2023-06 (DOC:pricing, LINE-PLATFORM.md §9),
// excluding tax. LINE counts one message per recipient, however many message objects a
// request holds; replies are free and are not sent by campaigns.

/** Additional messages cost `yen` each while the month's total is at most `upTo`. */
export const priceBandSchema = z.object({
  upTo: z.number().int().positive().nullable(),
  yen: z.number().min(0).max(100),
});
export type PriceBand = z.infer<typeof priceBandSchema>;

export const planSchema = z.object({
  name: z.string().trim().min(1).max(50),
  monthlyFeeYen: z.number().int().min(0),
  /** Messages included in the monthly fee. */
  includedMessages: z.number().int().min(0),
  /** Bands by the month's running total; null when the plan cannot send beyond what it includes. */
  additional: z.array(priceBandSchema).min(1).nullable(),
});
export type Plan = z.infer<typeof planSchema>;

export const PLAN_IDS = ["communication", "light", "standard"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/**
 * Standard's additional messages fall in price with the month's volume. The ¥3 ceiling and
 * the first band (¥2.8 up to 100,000) are in LINE's and third-party pages; the rest follow
 * LINE's table as published in 2023 — confirm on LINE's current price page before quoting it
 * to a customer, or give the channel its own table.
 */
export const STANDARD_BANDS: readonly PriceBand[] = [
  { upTo: 50_000, yen: 3 },
  { upTo: 100_000, yen: 2.8 },
  { upTo: 200_000, yen: 2.6 },
  { upTo: 300_000, yen: 2.4 },
  { upTo: 400_000, yen: 2.2 },
  { upTo: 500_000, yen: 2 },
  { upTo: 1_000_000, yen: 1.9 },
  { upTo: 2_000_000, yen: 1.8 },
  { upTo: 3_000_000, yen: 1.7 },
  { upTo: 4_000_000, yen: 1.6 },
  { upTo: 5_000_000, yen: 1.5 },
  { upTo: 6_000_000, yen: 1.4 },
  { upTo: 7_000_000, yen: 1.3 },
  { upTo: 8_000_000, yen: 1.2 },
  { upTo: 10_000_000, yen: 1.1 },
  { upTo: 30_000_000, yen: 1 },
  { upTo: 50_000_000, yen: 0.9 },
  { upTo: null, yen: 0.8 },
];

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  communication: {
    name: "コミュニケーションプラン",
    monthlyFeeYen: 0,
    includedMessages: 200,
    additional: null,
  },
  light: { name: "ライトプラン", monthlyFeeYen: 5_000, includedMessages: 5_000, additional: null },
  standard: {
    name: "スタンダードプラン",
    monthlyFeeYen: 15_000,
    includedMessages: 30_000,
    additional: [...STANDARD_BANDS],
  },
};

export interface CostEstimate {
  /** Messages this send counts against the month: one per recipient. */
  messages: number;
  /** Of them, inside the plan's included messages. */
  includedMessages: number;
  /** Of them, beyond: charged, or refused by LINE when the plan has no additional messages. */
  additionalMessages: number;
  /** What the additional messages cost, in yen excluding tax, rounded to the yen. */
  additionalCostYen: number;
  /** False when the plan cannot send the additional messages at all. */
  withinPlan: boolean;
}

/**
 * What sending `messages` more costs when `usedThisMonth` were already sent: the monthly fee
 * is paid anyway, so only the additional messages count, each priced by the band the
 * month's running total falls in.
 */
export function estimateCost(plan: Plan, usedThisMonth: number, messages: number): CostEstimate {
  const start = Math.max(0, usedThisMonth);
  const end = start + Math.max(0, messages);
  const included = Math.max(0, Math.min(end, plan.includedMessages) - start);
  const additional = messages - included;
  if (!plan.additional) {
    return {
      messages,
      includedMessages: included,
      additionalMessages: additional,
      additionalCostYen: 0,
      withinPlan: additional === 0,
    };
  }
  let cost = 0;
  let from = Math.max(start, plan.includedMessages);
  for (const band of plan.additional) {
    if (from >= end) break;
    const bandEnd = band.upTo === null ? end : Math.min(end, band.upTo);
    if (bandEnd > from) {
      cost += (bandEnd - from) * band.yen;
      from = bandEnd;
    }
  }
  return {
    messages,
    includedMessages: included,
    additionalMessages: additional,
    // Band prices have one decimal; round once at the end.
    additionalCostYen: Math.round(cost),
    withinPlan: true,
  };
}
