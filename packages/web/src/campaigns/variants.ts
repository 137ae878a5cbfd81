import { VARIANT_LABELS, VARIANTS_MAX, VARIANTS_MIN } from "@kizuna/core/delivery";
import type { Message } from "@kizuna/core/messages";
import type { AbResult, CampaignVariant } from "./types.ts";

// An A/B test as the marketer builds it: 2–4 variants, each with its messages and a whole
// percentage of the audience, the percentages summing to 100 (what the API requires).

export const MIN_VARIANTS = VARIANTS_MIN;
export const MAX_VARIANTS = VARIANTS_MAX;

export interface VariantDraft {
  messages: Message[];
  weight: number;
}

/** Variant i is "A", "B", "C", "D" by its place, as the server labels it. */
export function variantLabel(index: number): string {
  return VARIANT_LABELS[index] ?? String(index + 1);
}

/** Whole percentages as even as they go, the first ones taking the remainder: 3 → 34/33/33. */
export function evenWeights(count: number): number[] {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => base + (i < 100 % count ? 1 : 0));
}

export type WeightProblem =
  | { code: "not_whole"; index: number }
  | { code: "out_of_range"; index: number }
  | { code: "sum"; sum: number };

/** Why the weights cannot be sent: each a whole 1–99, together exactly 100. */
export function weightProblem(weights: readonly number[]): WeightProblem | null {
  for (const [index, weight] of weights.entries()) {
    if (!Number.isInteger(weight)) return { code: "not_whole", index };
    if (weight < 1 || weight > 99) return { code: "out_of_range", index };
  }
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return sum === 100 ? null : { code: "sum", sum };
}

/** Turning A/B on: the messages so far become A, and B starts as their copy. */
export function startVariants(messages: readonly Message[]): VariantDraft[] {
  const weights = evenWeights(MIN_VARIANTS);
  return weights.map((weight) => ({ messages: structuredClone([...messages]), weight }));
}

/** One more variant, a copy of the last; the weights are shared out evenly again. */
export function addVariant(variants: readonly VariantDraft[]): VariantDraft[] {
  if (variants.length >= MAX_VARIANTS) return [...variants];
  const last = variants.at(-1)?.messages ?? [];
  return reweigh([...variants, { messages: structuredClone(last), weight: 0 }]);
}

/** Without variant `index` (never below two); the weights are shared out evenly again. */
export function removeVariant(variants: readonly VariantDraft[], index: number): VariantDraft[] {
  if (variants.length <= MIN_VARIANTS) return [...variants];
  return reweigh(variants.filter((_, i) => i !== index));
}

function reweigh(variants: VariantDraft[]): VariantDraft[] {
  const weights = evenWeights(variants.length);
  return variants.map((variant, i) => ({ ...variant, weight: weights[i]! }));
}

/** Friends who clicked at least once among those LINE accepted the messages for. */
export function uniqueClickRate(variant: { uniqueClickers: number; accepted: number }): number {
  return variant.accepted > 0 ? variant.uniqueClickers / variant.accepted : 0;
}

/** A p-value as people read it: two significant digits, tiny ones as "<0.001". */
export function formatPValue(pValue: number): string {
  return pValue < 0.001 ? "<0.001" : `=${Number(pValue.toPrecision(2))}`;
}

export type Verdict =
  | { kind: "winner"; label: string; p: string }
  | { kind: "not_significant"; p: string | null };

/** The A/B result in words: which variant won, or that the difference is not significant yet. */
export function abVerdict(result: AbResult, variants: readonly CampaignVariant[]): Verdict {
  const p = result.pValue === null ? null : formatPValue(result.pValue);
  const winner = variants.find((v) => v.index === result.winner);
  if (winner && p !== null) return { kind: "winner", label: winner.label, p };
  return { kind: "not_significant", p };
}
