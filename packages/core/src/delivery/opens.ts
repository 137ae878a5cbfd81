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
}

/** Opens of a campaign or variant as the results show them. */
export interface OpenFigures extends UnitOpens {
  /** uniqueImpressions ÷ delivered; null when either is unknown. */
  openRate: number | null;
  /** Variants whose opens LINE did not report (under 20): the sum leaves them out. */
  unreported: number;
}

export function openFigures(unit: UnitOpens): OpenFigures {
  return {
    ...unit,
    openRate: rate(unit.uniqueImpressions, unit.delivered),
    unreported: unit.readAt !== null && unit.uniqueImpressions === null ? 1 : 0,
  };
}

/**
 * A campaign's opens from its variants' units (LINE counts a unit, and a request carries one,
 * so no figure covers the whole of an A/B campaign): the sum of what LINE reported, read as of
 * the oldest of the reads, not read yet until every unit is. The rate only when every variant
 * was reported: a sum missing a variant's opens over every recipient would understate it.
 */
export function combineOpens(units: readonly UnitOpens[]): OpenFigures {
  if (units.length === 0 || units.some((u) => u.readAt === null)) {
    return {
      readAt: null,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: null,
      openRate: null,
      unreported: 0,
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
    openRate: unreported === 0 ? rate(uniqueImpressions, delivered) : null,
    unreported,
  };
}

function rate(part: number | null, whole: number | null): number | null {
  return part === null || whole === null || whole === 0 ? null : part / whole;
}
