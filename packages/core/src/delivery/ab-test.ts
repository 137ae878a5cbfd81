import { VARIANT_LABELS } from "./campaign.ts";
import type { UnitOpens } from "./opens.ts";

/** One variant's outcome as the A/B test reads it. */
export interface VariantOutcome {
  /** Recipients LINE accepted the variant for: the denominator. */
  accepted: number;
  /** Friends among them who clicked one of the variant's links at least once. */
  uniqueClickers: number;
}

/** What an A/B test compares: friends who clicked, or (as LINE reports it) who opened. */
export type AbMetric = "unique_click_rate" | "open_rate";

export interface AbResult {
  metric: AbMetric;
  /** null when the counts cannot support a test; `note` says why. */
  pValue: number | null;
  /** The variant index with the highest rate, only when pValue < SIGNIFICANCE. */
  winner: number | null;
  note?: string;
}

export const SIGNIFICANCE = 0.05;
/** Cochran's rule: the chi-square (and z) approximation needs every expected count ≥ 5. */
const MIN_EXPECTED = 5;

/** One variant as a proportion: `hits` friends of `trials`. */
interface Proportion {
  trials: number;
  hits: number;
}

/** How a metric's notes name its friends and their act. */
const WORDS: Record<AbMetric, { hitters: string; hits: string; hit: string }> = {
  unique_click_rate: { hitters: "clickers", hits: "clicks", hit: "clicked" },
  open_rate: { hitters: "openers", hits: "opens", hit: "opened" },
};

/**
 * Do the variants' unique-click rates (uniqueClickers ÷ accepted) differ more than chance
 * would make them? Two variants: the two-sided two-proportion z-test with a pooled
 * proportion. Three or four: the chi-square test of independence on the variants × (clicked,
 * did not) table, k − 1 degrees of freedom. (For two, both give the same p: χ² = z².)
 * Counts too small for the normal approximation give no p-value rather than a misleading one.
 */
export function abTest(variants: readonly VariantOutcome[]): AbResult {
  return proportionTest(
    "unique_click_rate",
    variants.map((v) => ({ trials: v.accepted, hits: v.uniqueClickers })),
  );
}

/**
 * The variants' open rates compared, or why they cannot be: LINE reports a unit's unique
 * impressions only from 20 friends, and per unit only, so a variant under 20 has no count to
 * test (docs/decisions/014-campaign-opens.md).
 */
export type OpenRateComparison =
  /** A variant's unit has not been read from LINE yet. */
  | { kind: "not_read" }
  /** LINE does not count these variants' units (the month's unit names had run out). */
  | { kind: "uncounted"; variants: number[] }
  /** LINE did not report these variants' opens (under 20 friends): nothing to compare. */
  | { kind: "unreported"; variants: number[] }
  | { kind: "tested"; result: AbResult };

/**
 * Do the variants' open rates (unique impressions ÷ recipients LINE had accepted at the read)
 * differ? The same test as the clicks', on LINE's counts, once every variant's is known.
 */
export function openRateTest(units: readonly (UnitOpens | null)[]): OpenRateComparison {
  const uncounted = units.flatMap((u, index) => (u?.uncountedReason ? [index] : []));
  if (uncounted.length > 0) return { kind: "uncounted", variants: uncounted };
  if (units.some((u) => u === null || u.readAt === null)) return { kind: "not_read" };
  const read = units as readonly UnitOpens[];
  const unreported = read.flatMap((u, index) => (u.uniqueImpressions === null ? [index] : []));
  if (unreported.length > 0) return { kind: "unreported", variants: unreported };
  return {
    kind: "tested",
    result: proportionTest(
      "open_rate",
      read.map((u) => ({ trials: u.delivered ?? 0, hits: u.uniqueImpressions ?? 0 })),
    ),
  };
}

function proportionTest(metric: AbMetric, variants: readonly Proportion[]): AbResult {
  const words = WORDS[metric];
  const none = (note: string): AbResult => ({ metric, pValue: null, winner: null, note });
  if (variants.length < 2) return none("An A/B test needs at least two variants.");
  const empty = variants.findIndex((v) => v.trials === 0);
  if (empty >= 0) return none(`Variant ${VARIANT_LABELS[empty]} has no accepted recipients yet.`);
  if (variants.some((v) => v.hits > v.trials || v.hits < 0)) {
    return none(`More ${words.hitters} than accepted recipients: the counts are not comparable.`);
  }
  const trials = sum(variants.map((v) => v.trials));
  const hits = sum(variants.map((v) => v.hits));
  if (hits === 0) return none(`No ${words.hits} yet.`);
  if (hits === trials) {
    return none(`Every recipient ${words.hit}: there is nothing to compare.`);
  }
  const pooled = hits / trials;
  const smallest = Math.min(...variants.map((v) => v.trials * Math.min(pooled, 1 - pooled)));
  if (smallest < MIN_EXPECTED) {
    return none(
      `Too few recipients or ${words.hits} for a reliable test (an expected count under 5).`,
    );
  }

  let pValue: number;
  if (variants.length === 2) {
    const [a, b] = variants as [Proportion, Proportion];
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
    const z = (a.hits / a.trials - b.hits / b.trials) / se;
    pValue = twoSidedNormalP(z);
  } else {
    let chiSquare = 0;
    for (const v of variants) {
      const expectedHit = v.trials * pooled;
      const expectedNot = v.trials - expectedHit;
      chiSquare += (v.hits - expectedHit) ** 2 / expectedHit;
      chiSquare += (v.trials - v.hits - expectedNot) ** 2 / expectedNot;
    }
    pValue = chiSquareP(chiSquare, variants.length - 1);
  }
  if (pValue >= SIGNIFICANCE) return { metric, pValue, winner: null };
  const rates = variants.map((v) => v.hits / v.trials);
  const best = Math.max(...rates);
  const leaders = rates.flatMap((rate, index) => (rate === best ? [index] : []));
  if (leaders.length > 1) {
    return {
      metric,
      pValue,
      winner: null,
      note: "The variants differ, but the best rate is shared.",
    };
  }
  return { metric, pValue, winner: leaders[0]! };
}

/** P(|Z| ≥ |z|) for a standard normal Z: the upper tail of χ² with 1 degree of freedom at z². */
export function twoSidedNormalP(z: number): number {
  return chiSquareP(z * z, 1);
}

/** P(X ≥ x) for X ~ χ² with `df` degrees of freedom (a positive integer). */
export function chiSquareP(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`degrees of freedom ${df}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return upperRegularizedGamma(df / 2, x / 2);
}

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 1_000;

/**
 * Q(a, x) = Γ(a, x) / Γ(a), for a a positive half-integer: the series for P below a + 1,
 * Lentz's continued fraction for Q above it (each converges fast on its side; Numerical
 * Recipes §6.2), so that a tiny tail keeps its relative precision instead of becoming 1 − 1.
 */
function upperRegularizedGamma(a: number, x: number): number {
  const prefactor = Math.exp(-x + a * Math.log(x) - logGammaHalfInteger(a));
  if (x < a + 1) {
    let term = 1 / a;
    let total = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      total += term;
      if (Math.abs(term) < Math.abs(total) * EPSILON) break;
    }
    return Math.max(0, 1 - total * prefactor);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return Math.min(1, h * prefactor);
}

/** ln Γ(a), exactly, for a = n/2: Γ(1/2) = √π, Γ(1) = 1, Γ(a + 1) = a Γ(a). */
function logGammaHalfInteger(a: number): number {
  let value = Number.isInteger(a) ? 0 : 0.5 * Math.log(Math.PI);
  for (let k = Number.isInteger(a) ? 1 : 0.5; k < a; k++) value += Math.log(k);
  return value;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
