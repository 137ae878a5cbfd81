import { VARIANT_LABELS } from "./campaign.ts";

/** One variant's outcome as the A/B test reads it. */
export interface VariantOutcome {
  /** Recipients LINE accepted the variant for: the denominator. */
  accepted: number;
  /** Friends among them who clicked one of the variant's links at least once. */
  uniqueClickers: number;
}

export interface AbResult {
  metric: "unique_click_rate";
  /** null when the counts cannot support a test; `note` says why. */
  pValue: number | null;
  /** The variant index with the highest rate, only when pValue < SIGNIFICANCE. */
  winner: number | null;
  note?: string;
}

export const SIGNIFICANCE = 0.05;
/** Cochran's rule: the chi-square (and z) approximation needs every expected count ≥ 5. */
const MIN_EXPECTED = 5;

/**
 * Do the variants' unique-click rates (uniqueClickers ÷ accepted) differ more than chance
 * would make them? Two variants: the two-sided two-proportion z-test with a pooled
 * proportion. Three or four: the chi-square test of independence on the variants × (clicked,
 * did not) table, k − 1 degrees of freedom. (For two, both give the same p: χ² = z².)
 * Counts too small for the normal approximation give no p-value rather than a misleading one.
 */
export function abTest(variants: readonly VariantOutcome[]): AbResult {
  const none = (note: string): AbResult => ({
    metric: "unique_click_rate",
    pValue: null,
    winner: null,
    note,
  });
  if (variants.length < 2) return none("An A/B test needs at least two variants.");
  const empty = variants.findIndex((v) => v.accepted === 0);
  if (empty >= 0) return none(`Variant ${VARIANT_LABELS[empty]} has no accepted recipients yet.`);
  if (variants.some((v) => v.uniqueClickers > v.accepted || v.uniqueClickers < 0)) {
    return none("More clickers than accepted recipients: the counts are not comparable.");
  }
  const accepted = sum(variants.map((v) => v.accepted));
  const clickers = sum(variants.map((v) => v.uniqueClickers));
  if (clickers === 0) return none("No clicks yet.");
  if (clickers === accepted) return none("Every recipient clicked: there is nothing to compare.");
  const pooled = clickers / accepted;
  const smallest = Math.min(...variants.map((v) => v.accepted * Math.min(pooled, 1 - pooled)));
  if (smallest < MIN_EXPECTED) {
    return none("Too few recipients or clicks for a reliable test (an expected count under 5).");
  }

  let pValue: number;
  if (variants.length === 2) {
    const [a, b] = variants as [VariantOutcome, VariantOutcome];
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.accepted + 1 / b.accepted));
    const z = (a.uniqueClickers / a.accepted - b.uniqueClickers / b.accepted) / se;
    pValue = twoSidedNormalP(z);
  } else {
    let chiSquare = 0;
    for (const v of variants) {
      const expectedClicked = v.accepted * pooled;
      const expectedNot = v.accepted - expectedClicked;
      chiSquare += (v.uniqueClickers - expectedClicked) ** 2 / expectedClicked;
      chiSquare += (v.accepted - v.uniqueClickers - expectedNot) ** 2 / expectedNot;
    }
    pValue = chiSquareP(chiSquare, variants.length - 1);
  }
  if (pValue >= SIGNIFICANCE) return { metric: "unique_click_rate", pValue, winner: null };
  const rates = variants.map((v) => v.uniqueClickers / v.accepted);
  const best = Math.max(...rates);
  const leaders = rates.flatMap((rate, index) => (rate === best ? [index] : []));
  if (leaders.length > 1) {
    return {
      metric: "unique_click_rate",
      pValue,
      winner: null,
      note: "The variants differ, but the best rate is shared.",
    };
  }
  return { metric: "unique_click_rate", pValue, winner: leaders[0]! };
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
