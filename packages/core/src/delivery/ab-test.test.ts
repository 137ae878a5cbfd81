import { describe, expect, it } from "vitest";
import { abTest, chiSquareP, openRateTest, twoSidedNormalP } from "./ab-test.ts";

// Reference values: the textbook tables of critical values (χ² at 0.05 and 0.01, z at 0.05
// and 0.001), and for the tests' p-values the same tables computed by SciPy
// (stats.chi2.sf, stats.chi2_contingency with correction=False).
describe("the chi-square and normal tails", () => {
  it.each([
    [3.841458820694124, 1, 0.05],
    [6.6348966010212145, 1, 0.01],
    [5.991464547107979, 2, 0.05],
    [7.814727903251178, 3, 0.05],
    [11.344866730144373, 3, 0.01],
    [0.5, 3, 0.9188914116546758],
    [30, 2, 3.0590232050182594e-7],
  ])("P(χ² ≥ %d | df %d) = %d", (x, df, p) => {
    expect(chiSquareP(x, df)).toBeCloseTo(p, 12);
  });

  it("keeps the relative precision of a tiny tail", () => {
    expect(chiSquareP(50, 1) / 1.537459794428033e-12).toBeCloseTo(1, 10);
  });

  it("gives the two-sided normal tail", () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedNormalP(-3.290526731491926)).toBeCloseTo(0.001, 12);
    expect(twoSidedNormalP(0)).toBe(1);
  });
});

describe("the A/B test of unique-click rates", () => {
  it("tests two variants with the pooled two-proportion z-test", () => {
    // 12.0% against 9.0% of 1,000 each: z = 2.1883, p = 0.02865.
    const result = abTest([
      { accepted: 1000, uniqueClickers: 120 },
      { accepted: 1000, uniqueClickers: 90 },
    ]);
    expect(result.pValue).toBeCloseTo(0.028650240398448473, 12);
    expect(result).toMatchObject({ metric: "unique_click_rate", winner: 0 });
  });

  it("names no winner when the difference could be chance", () => {
    // 13.3% of 300 against 11.4% of 700 (a 30/70 split): z = 0.849, p = 0.3957.
    const result = abTest([
      { accepted: 300, uniqueClickers: 40 },
      { accepted: 700, uniqueClickers: 80 },
    ]);
    expect(result.pValue).toBeCloseTo(0.3956520860991082, 12);
    expect(result.winner).toBeNull();
    expect(result.note).toBeUndefined();
  });

  it("tests three or four variants with the chi-square test of independence", () => {
    // χ² = 17.78 on 2 df, p = 0.000138: B (index 1) leads with 14%.
    const three = abTest([
      { accepted: 500, uniqueClickers: 50 },
      { accepted: 500, uniqueClickers: 70 },
      { accepted: 500, uniqueClickers: 30 },
    ]);
    expect(three.pValue).toBeCloseTo(0.00013791280933656187, 14);
    expect(three.winner).toBe(1);
    // χ² = 7.08 on 3 df, p = 0.0693: not significant.
    const four = abTest([
      { accepted: 200, uniqueClickers: 10 },
      { accepted: 200, uniqueClickers: 12 },
      { accepted: 200, uniqueClickers: 20 },
      { accepted: 200, uniqueClickers: 8 },
    ]);
    expect(four.pValue).toBeCloseTo(0.06930906281239081, 12);
    expect(four.winner).toBeNull();
  });

  it("gives no p-value for counts too small to test, and says why", () => {
    expect(
      abTest([
        { accepted: 0, uniqueClickers: 0 },
        { accepted: 10, uniqueClickers: 1 },
      ]),
    ).toEqual({
      metric: "unique_click_rate",
      pValue: null,
      winner: null,
      note: "Variant A has no accepted recipients yet.",
    });
    expect(
      abTest([
        { accepted: 100, uniqueClickers: 0 },
        { accepted: 100, uniqueClickers: 0 },
      ]),
    ).toMatchObject({ pValue: null, winner: null, note: "No clicks yet." });
    // 3 clicks in 40: the expected clicks per variant are 1.5.
    expect(
      abTest([
        { accepted: 20, uniqueClickers: 3 },
        { accepted: 20, uniqueClickers: 0 },
      ]),
    ).toMatchObject({ pValue: null, winner: null, note: expect.stringContaining("Too few") });
    expect(
      abTest([
        { accepted: 50, uniqueClickers: 50 },
        { accepted: 50, uniqueClickers: 50 },
      ]),
    ).toMatchObject({ pValue: null });
    expect(
      abTest([
        { accepted: 50, uniqueClickers: 60 },
        { accepted: 50, uniqueClickers: 10 },
      ]),
    ).toMatchObject({ pValue: null });
  });
});

describe("the A/B test of open rates, on LINE's per-unit counts", () => {
  const read = (uniqueImpressions: number | null, delivered: number) => ({
    readAt: new Date("2026-11-26T00:00:00Z"),
    uniqueImpressions,
    uniqueClicks: null,
    delivered,
    uncountedReason: null,
  });

  it("tests the variants' opens against their recipients, as the clicks are", () => {
    // 45.0% against 40.0% of 1,000 each: z = 2.2617, p = 0.02372.
    const compared = openRateTest([read(450, 1000), read(400, 1000)]);
    expect(compared.kind).toBe("tested");
    if (compared.kind !== "tested") return;
    expect(compared.result).toMatchObject({ metric: "open_rate", winner: 0 });
    expect(compared.result.pValue).toBeCloseTo(0.02371864263219147, 10);
  });

  it("names no winner when the open rates differ by chance", () => {
    // 22 of 40 against 20 of 40: p = 0.654.
    expect(openRateTest([read(22, 40), read(20, 40)])).toMatchObject({
      kind: "tested",
      result: { metric: "open_rate", winner: null, pValue: expect.closeTo(0.6543, 4) },
    });
  });

  it("says which variants LINE did not report (under 20): their rates cannot be compared", () => {
    expect(openRateTest([read(25, 30), read(null, 20), read(21, 25)])).toEqual({
      kind: "unreported",
      variants: [1],
    });
  });

  it("waits until every variant's unit was read", () => {
    const notRead = {
      readAt: null,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: null,
      uncountedReason: null,
    };
    expect(openRateTest([read(25, 30), notRead])).toEqual({ kind: "not_read" });
    expect(openRateTest([read(25, 30), null])).toEqual({ kind: "not_read" });
  });

  it("says which variants LINE does not count (the month's unit names ran out), never 'not read'", () => {
    const uncounted = {
      readAt: null,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: null,
      uncountedReason: "unit_limit" as const,
    };
    expect(openRateTest([read(25, 30), uncounted])).toEqual({ kind: "uncounted", variants: [1] });
  });
});
