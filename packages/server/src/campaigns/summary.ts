import {
  AGGREGATION_UNITS_PER_MONTH,
  type AggregationUnitUsage,
  type Audience,
  aggregationUnitUsage,
  type CostEstimate,
  checkQuota,
  estimateCost,
  type FrequencyCap,
  placeAudienceProblem,
  planOf,
  type QuietState,
  type QuotaCheck,
  quietStateAt,
} from "@kizuna/core";
import type { SegmentProblem } from "@kizuna/core/segments";
import {
  acceptedThisMonth,
  checkAudience,
  countAudience,
  findChannel,
  getDeliverySettings,
} from "@kizuna/db";
import { createLineClient, type LineClient, type MessageQuota } from "@kizuna/line";
import type { ServerDeps } from "../deps.ts";

/** What the confirmation modal shows before a send, and what the quota guard decides on. */
export interface PresendSummary {
  recipients: number;
  /** What the send counts against the month: one message per recipient, as LINE counts. */
  messages: number;
  quota: {
    /** LINE's figures, or null when LINE could not be asked. */
    line: MessageQuota | null;
    /** Messages Kizuna's campaigns had accepted this month. */
    sentByKizuna: number;
    configuredLimit: number | null;
  };
  guard: QuotaCheck;
  /**
   * LINE's aggregation unit names used this month against its 1,000: near or past it, this
   * send's opens may not be counted. null when LINE could not be asked.
   */
  aggregationUnits: AggregationUnitUsage | null;
  plan: { id: string; name: string; monthlyFeeYen: number; includedMessages: number };
  cost: CostEstimate;
  quietHours: (QuietState & { start: string; end: string; mode: "hold" | "skip" }) | null;
  frequencyCap: FrequencyCap | null;
}

export interface AudienceProblem {
  code: "unknown_segment" | "unknown_list" | "invalid_segment";
  message: string;
  /** Each problem on its JSON path in the request body, as the segment API places them. */
  details: { path: string; code: string; message: string }[];
}

/**
 * Why an audience cannot be taken, or null: a segment or list it names that the channel does
 * not have (named in the message), or a segment that no longer compiles — a tag or field it
 * names was deleted — in the segment API's problem format.
 */
export async function audienceProblem(
  deps: ServerDeps,
  channelId: string,
  audience: Audience,
): Promise<AudienceProblem | null> {
  const checked = await checkAudience(deps.database.db, channelId, audience);
  return checked.ok ? null : describeAudienceProblems(audience, checked.problems);
}

/** The checker's problems with an audience as the API answers them (see `audienceProblem`). */
export function describeAudienceProblems(
  audience: Audience,
  problems: readonly SegmentProblem[],
): AudienceProblem {
  const placed = problems.map((problem) => ({
    ...placeAudienceProblem(audience, problem.path),
    code: problem.code,
    message: problem.message,
  }));
  const details = placed.map(({ path, code, message }) => ({ path, code, message }));
  const missing = placed.filter((p) => p.code === "unknown_segment" || p.code === "unknown_list");
  const first = missing[0];
  if (first) {
    const named = missing.map(
      (p) => `${p.code === "unknown_segment" ? "saved segment" : "uploaded list"} ${p.id}`,
    );
    return {
      code: first.code as "unknown_segment" | "unknown_list",
      message: `This channel has no ${named.join(", no ")}.`,
      details: details.filter((d) => d.code === "unknown_segment" || d.code === "unknown_list"),
    };
  }
  return {
    code: "invalid_segment",
    message: `${details[0]!.path}: ${details[0]!.message}`,
    details,
  };
}

/**
 * Counts the audience now, asks LINE for the month's quota and usage, and prices the send
 * at the channel's plan. The count is the audience as it stands; the snapshot at the start
 * is what is sent.
 */
export async function presendSummary(
  deps: ServerDeps,
  channelId: string,
  audience: Audience,
): Promise<PresendSummary> {
  const { db } = deps.database;
  const [settings, recipients] = await Promise.all([
    getDeliverySettings(db, channelId),
    countAudience(db, channelId, audience),
  ]);
  const client = await lineClient(deps, channelId);
  const [line, unitsUsed, sentByKizuna] = await Promise.all([
    // LINE unreachable: the guard falls back to what Kizuna sent itself.
    client ? client.getMessageQuota().catch(() => null) : null,
    // … and the summary says nothing of aggregation units.
    client ? client.getAggregationUnitsUsed().catch(() => null) : null,
    acceptedThisMonth(db, channelId, settings.timeZone),
  ]);
  const plan = planOf(settings);
  const used = Math.max(line?.used ?? 0, sentByKizuna);
  const quiet = settings.quietHours
    ? {
        ...quietStateAt(settings.quietHours, settings.timeZone, new Date()),
        ...settings.quietHours,
      }
    : null;
  return {
    recipients,
    messages: recipients,
    quota: { line, sentByKizuna, configuredLimit: settings.monthlyLimit },
    guard: checkQuota({
      needed: recipients,
      line,
      sentByKizuna,
      configuredLimit: settings.monthlyLimit,
    }),
    aggregationUnits:
      unitsUsed === null
        ? null
        : aggregationUnitUsage(unitsUsed, deps.aggregationUnitLimit ?? AGGREGATION_UNITS_PER_MONTH),
    plan: {
      id: settings.plan,
      name: plan.name,
      monthlyFeeYen: plan.monthlyFeeYen,
      includedMessages: plan.includedMessages,
    },
    cost: estimateCost(plan, used, recipients),
    quietHours: quiet,
    frequencyCap: settings.frequencyCap,
  };
}

async function lineClient(deps: ServerDeps, channelId: string): Promise<LineClient | null> {
  const channel = await findChannel(deps.database.db, channelId);
  if (!channel) return null;
  try {
    return createLineClient({
      channelAccessToken: deps.secretBox.open(channel.access_token_enc),
      apiBaseUrl: channel.api_base_url,
    });
  } catch {
    // A token that cannot be opened: LINE cannot be asked, as when it is unreachable.
    return null;
  }
}
