import { describe, expect, it } from "vitest";
import type { CampaignVariant } from "./types.ts";
import {
  abVerdict,
  addVariant,
  evenWeights,
  formatPValue,
  removeVariant,
  startVariants,
  uniqueClickRate,
  weightProblem,
} from "./variants.ts";

const text = (t: string) => ({ type: "text" as const, text: t });

const variant = (index: number, label: string): CampaignVariant => ({
  index,
  label,
  weight: 50,
  messages: [],
  recipients: 100,
  accepted: 100,
  failed: 0,
  skipped: 0,
  uniqueClickers: 10,
  clicks: 12,
});

describe("A/B variants", () => {
  it("shares the audience evenly in whole percentages that sum to 100", () => {
    expect(evenWeights(2)).toEqual([50, 50]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    expect(evenWeights(4)).toEqual([25, 25, 25, 25]);
  });

  it("refuses weights that are not whole 1–99 or do not sum to 100", () => {
    expect(weightProblem([50, 50])).toBeNull();
    expect(weightProblem([60, 30])).toEqual({ code: "sum", sum: 90 });
    expect(weightProblem([0, 100])).toEqual({ code: "out_of_range", index: 0 });
    expect(weightProblem([50.5, 49.5])).toEqual({ code: "not_whole", index: 0 });
  });

  it("starts B as a copy of the messages so far, not the same object", () => {
    const messages = [text("こんにちは")];
    const [a, b] = startVariants(messages);
    expect(a).toEqual({ messages, weight: 50 });
    expect(b?.messages).toEqual(messages);
    expect(b?.messages[0]).not.toBe(messages[0]);
  });

  it("adds up to four variants and keeps at least two, reweighing each time", () => {
    let variants = startVariants([text("A")]);
    variants = addVariant(variants);
    expect(variants.map((v) => v.weight)).toEqual([34, 33, 33]);
    variants = addVariant(addVariant(variants));
    expect(variants).toHaveLength(4);
    variants = removeVariant(variants, 0);
    expect(variants.map((v) => v.weight)).toEqual([34, 33, 33]);
    expect(removeVariant(removeVariant(variants, 0), 0)).toHaveLength(2);
  });

  it("measures the unique-click rate against accepted messages", () => {
    expect(uniqueClickRate({ uniqueClickers: 5, accepted: 20 })).toBe(0.25);
    expect(uniqueClickRate({ uniqueClickers: 0, accepted: 0 })).toBe(0);
  });

  it("names the winner only when the server found one", () => {
    const variants = [variant(0, "A"), variant(1, "B")];
    expect(abVerdict({ metric: "unique_click_rate", pValue: 0.0123, winner: 1 }, variants)).toEqual(
      { kind: "winner", label: "B", p: "=0.012" },
    );
    expect(abVerdict({ metric: "unique_click_rate", pValue: 0.4, winner: null }, variants)).toEqual(
      { kind: "not_significant", p: "=0.4" },
    );
    expect(
      abVerdict({ metric: "unique_click_rate", pValue: null, winner: null }, variants),
    ).toEqual({ kind: "not_significant", p: null });
    expect(formatPValue(0.0001)).toBe("<0.001");
  });
});
