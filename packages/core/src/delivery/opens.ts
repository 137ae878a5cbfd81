import { VARIANT_LABELS } from "./campaign.ts";

// Opens of a campaign from LINE's per-unit statistics (docs/decisions/014-campaign-opens.md).
// LINE gives no per-friend opens: a push or multicast sent with `customAggregationUnits: [unit]`
// is counted under that unit, and GET /v2/bot/insight/message/event/aggregation reads the
// unit's unique impressions and clicks, null under 20 users.
// https://developers.line.biz/en/reference/messaging-api/#get-statistics-per-unit

/** LINE's rule for a unit name (REF#send-push-message `customAggregationUnits`). */
export const AGGREGATION_UNIT_PATTERN = /^[a-zA-Z0-9_]{1,30}$/;

/**
 * The aggregation unit a campaign's requests carry: `k`, the first 26 hex digits of its id and,
 * for an A/B variant, the variant's label (`k0f3c…A`). Derived, never stored, so that a resend
 * carries exactly the unit of the first attempt and the reader needs no lookup. 26 hex digits
 * are 100 random bits of a v4 uuid: two campaigns never share a unit.
 */
export function aggregationUnitOf(campaignId: string, variant: number | null): string {
  const hex = campaignId.replaceAll("-", "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a uuid: ${campaignId}`);
  const label = variant === null ? "" : VARIANT_LABELS[variant];
  if (label === undefined) throw new Error(`no variant ${variant}`);
  return `k${hex.slice(0, 26)}${label}`;
}

/**
 * LINE assigns at most 1,000 unit names a month per channel (Japan time); a request naming a
 * new one past that is still sent, but not counted under it (REF#send-push-message
 * `customAggregationUnits`, LINE-PLATFORM.md §2.2). Such a unit has no opens, ever.
 */
export const AGGREGATION_UNITS_PER_MONTH = 1000;
/** The pre-send summary warns from 95% of the month's unit names used (950 of 1,000). */
export const AGGREGATION_UNITS_WARN_SHARE = 0.95;

/** Why LINE does not count a unit: the month's unit names had run out when it started. */
export type UncountedReason = "unit_limit";

/**
 * Which of a campaign's `units` new unit names LINE will not assign, given the names `used`
 * this month: the last ones past the limit (variants send in turn, so which variant's name
 * comes last is a guess; the count is not). Indices into the campaign's units.
 */
export function unitsPastLimit(used: number, units: number, limit: number): number[] {
  const fit = Math.max(0, limit - used);
  return Array.from({ length: units }, (_, index) => index).filter((index) => index >= fit);
}

/** The month's unit names as the pre-send summary shows them; null when LINE was not asked. */
export interface AggregationUnitUsage {
  used: number;
  limit: number;
  /** "near": 95% used; "reached": nothing left, so this campaign's opens will not be counted. */
  status: "ok" | "near" | "reached";
}

export function aggregationUnitUsage(used: number, limit: number): AggregationUnitUsage {
  const status =
    used >= limit ? "reached" : used >= limit * AGGREGATION_UNITS_WARN_SHARE ? "near" : "ok";
  return { used, limit, status };
}

/** LINE's statistics keep changing for 14 days after a send; a read after that is final. */
export const OPENS_SETTLE_DAYS = 14;
/** A unit is read at most this often. */
export const OPENS_READ_EVERY_MINUTES = 30;
/** LINE's longest period for one per-unit read (`to` at most 30 days after `from`). */
export const PER_UNIT_MAX_SPAN_DAYS = 30;

/** A date as LINE's insight endpoints take it: yyyyMMdd in Japan time (UTC+9, no DST). */
export function insightDate(at: Date): string {
  const jst = new Date(at.getTime() + 9 * 60 * 60 * 1000);
  return jst.toISOString().slice(0, 10).replaceAll("-", "");
}

/** The period to read a campaign's unit over: from its start to today, at most LINE's span. */
export function perUnitPeriod(startedAt: Date, now: Date): { from: string; to: string } {
  const last = new Date(startedAt.getTime() + PER_UNIT_MAX_SPAN_DAYS * 24 * 60 * 60 * 1000);
  return { from: insightDate(startedAt), to: insightDate(now < last ? now : last) };
}

/** One unit's figures as last read from LINE. */
export interface UnitOpens {
  /** When LINE's figures were last read; null: not read yet. */
  readAt: Date | null;
  /** Friends who displayed at least one bubble; null: under 20 (or not read yet). */
  uniqueImpressions: number | null;
  /** Friends who opened a URL of the messages, as LINE counts them; null: under 20. */
  uniqueClicks: number | null;
  /** Recipients LINE had accepted when the figures were read; null: not read yet. */
  delivered: number | null;
  /** Set when LINE does not count the unit (never read, no figures will come). */
  uncountedReason: UncountedReason | null;
}

/** Opens of a campaign or variant as the results show them. */
export interface OpenFigures extends UnitOpens {
  /** uniqueImpressions ÷ delivered; null when either is unknown. */
  openRate: number | null;
  /** Variants whose opens LINE did not report (under 20): the sum leaves them out. */
  unreported: number;
  /** Variants LINE does not count at all (the month's unit names had run out). */
  uncounted: number;
}

export function openFigures(unit: UnitOpens): OpenFigures {
  return {
    ...unit,
    openRate: rate(unit.uniqueImpressions, unit.delivered),
    unreported: unit.readAt !== null && unit.uniqueImpressions === null ? 1 : 0,
    uncounted: unit.uncountedReason === null ? 0 : 1,
  };
}

/**
 * A campaign's opens from its variants' units (LINE counts a unit, and a request carries one,
 * so no figure covers the whole of an A/B campaign): the sum of what LINE reported, read as of
 * the oldest of the reads, not read yet until every unit is. The rate only when every variant
 * was reported: a sum missing a variant's opens over every recipient would understate it.
 * Units LINE does not count are left out, and counted in `uncounted`.
 */
export function combineOpens(all: readonly UnitOpens[]): OpenFigures {
  const units = all.filter((u) => u.uncountedReason === null);
  const uncounted = all.length - units.length;
  const uncountedReason =
    uncounted > 0 ? all.find((u) => u.uncountedReason)!.uncountedReason : null;
  if (units.length === 0 || units.some((u) => u.readAt === null)) {
    return {
      readAt: null,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: null,
      uncountedReason,
      openRate: null,
      unreported: 0,
      uncounted,
    };
  }
  const sum = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : known.reduce((total, v) => total + v, 0);
  };
  const unreported = units.filter((u) => u.uniqueImpressions === null).length;
  const uniqueImpressions = sum(units.map((u) => u.uniqueImpressions));
  const delivered = sum(units.map((u) => u.delivered));
  return {
    readAt: new Date(Math.min(...units.map((u) => u.readAt!.getTime()))),
    uniqueImpressions,
    uniqueClicks: sum(units.map((u) => u.uniqueClicks)),
    delivered,
    uncountedReason,
    openRate: unreported === 0 && uncounted === 0 ? rate(uniqueImpressions, delivered) : null,
    unreported,
    uncounted,
  };
}

function rate(part: number | null, whole: number | null): number | null {
  return part === null || whole === null || whole === 0 ? null : part / whole;
}
