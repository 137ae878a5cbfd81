import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AGGREGATION_UNIT_PATTERN,
  aggregationUnitOf,
  aggregationUnitUsage,
  combineOpens,
  insightDate,
  openFigures,
  perUnitPeriod,
  unitsPastLimit,
} from "./opens.ts";

const ID = "0f3c2a9e-5b1d-4c7e-9a8b-1234567890ab";

describe("a campaign's aggregation unit", () => {
  it("is k, 26 hex digits of the campaign id and the variant's label", () => {
    expect(aggregationUnitOf(ID, null)).toBe("k0f3c2a9e5b1d4c7e9a8b123456");
    expect(aggregationUnitOf(ID, 0)).toBe("k0f3c2a9e5b1d4c7e9a8b123456A");
    expect(aggregationUnitOf(ID, 3)).toBe("k0f3c2a9e5b1d4c7e9a8b123456D");
  });

  it("is a name LINE takes for every campaign and variant, the same each time", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom(null, 0, 1, 2, 3), (id, variant) => {
        const unit = aggregationUnitOf(id, variant);
        expect(unit).toMatch(AGGREGATION_UNIT_PATTERN);
        expect(unit.length).toBeLessThanOrEqual(30);
        expect(aggregationUnitOf(id.toUpperCase(), variant)).toBe(unit);
      }),
    );
  });

  it("differs between the variants of one campaign and between campaigns", () => {
    const units = new Set([null, 0, 1, 2, 3].map((v) => aggregationUnitOf(ID, v)));
    expect(units.size).toBe(5);
    expect(aggregationUnitOf("1f3c2a9e-5b1d-4c7e-9a8b-1234567890ab", 0)).not.toBe(
      aggregationUnitOf(ID, 0),
    );
  });

  it("refuses what is not a campaign id or a variant", () => {
    expect(() => aggregationUnitOf("campaign-1", null)).toThrow();
    expect(() => aggregationUnitOf(ID, 4)).toThrow();
  });
});

describe("the period a unit is read over", () => {
  it("is in Japan time: 15:00 UTC is already the next day", () => {
    expect(insightDate(new Date("2026-11-25T14:59:59Z"))).toBe("20261125");
    expect(insightDate(new Date("2026-11-25T15:00:00Z"))).toBe("20261126");
  });

  it("runs from the start to today, never more than 30 days", () => {
    const started = new Date("2026-11-01T03:00:00Z");
    expect(perUnitPeriod(started, new Date("2026-11-10T03:00:00Z"))).toEqual({
      from: "20261101",
      to: "20261110",
    });
    expect(perUnitPeriod(started, new Date("2027-01-10T03:00:00Z"))).toEqual({
      from: "20261101",
      to: "20261201",
    });
  });
});

describe("opens as the results show them", () => {
  const read = new Date("2026-11-25T00:00:00Z");
  const later = new Date("2026-11-25T01:00:00Z");

  it("rates a unit's opens against the recipients LINE accepted", () => {
    expect(
      openFigures({
        readAt: read,
        uniqueImpressions: 25,
        uniqueClicks: null,
        delivered: 100,
        uncountedReason: null,
      }),
    ).toMatchObject({ openRate: 0.25, unreported: 0 });
  });

  it("keeps LINE's null (under 20) as unknown, not zero", () => {
    expect(
      openFigures({
        readAt: read,
        uniqueImpressions: null,
        uniqueClicks: null,
        delivered: 30,
        uncountedReason: null,
      }),
    ).toMatchObject({ uniqueImpressions: null, openRate: null, unreported: 1 });
  });

  it("adds up an A/B campaign's variants, leaving a rate only when all were reported", () => {
    const a = {
      readAt: later,
      uniqueImpressions: 25,
      uniqueClicks: 20,
      delivered: 30,
      uncountedReason: null,
    };
    const b = {
      readAt: read,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: 20,
      uncountedReason: null,
    };
    expect(combineOpens([a, b])).toEqual({
      readAt: read,
      uniqueImpressions: 25,
      uniqueClicks: 20,
      delivered: 50,
      uncountedReason: null,
      openRate: null,
      unreported: 1,
      uncounted: 0,
    });
    expect(combineOpens([a, { ...b, uniqueImpressions: 20 }])).toMatchObject({
      uniqueImpressions: 45,
      openRate: 0.9,
      unreported: 0,
    });
  });

  it("is not read yet until every variant was read", () => {
    const a = {
      readAt: read,
      uniqueImpressions: 25,
      uniqueClicks: null,
      delivered: 30,
      uncountedReason: null,
    };
    const b = {
      readAt: null,
      uniqueImpressions: null,
      uniqueClicks: null,
      delivered: null,
      uncountedReason: null,
    };
    expect(combineOpens([a, b])).toMatchObject({ readAt: null, uniqueImpressions: null });
  });

  it("leaves out a variant LINE does not count, and gives no rate", () => {
    const a = {
      readAt: read,
      uniqueImpressions: 25,
      uniqueClicks: null,
      delivered: 30,
      uncountedReason: null,
    };
    const b = {
      ...a,
      readAt: null,
      uniqueImpressions: null,
      delivered: null,
      uncountedReason: "unit_limit" as const,
    };
    expect(combineOpens([a, b])).toMatchObject({
      uniqueImpressions: 25,
      openRate: null,
      uncounted: 1,
      uncountedReason: "unit_limit",
    });
    expect(combineOpens([b])).toMatchObject({
      readAt: null,
      uncounted: 1,
      uncountedReason: "unit_limit",
    });
  });
});

describe("LINE's 1,000 unit names a month", () => {
  it("names the units of a campaign past the month's limit, the last ones", () => {
    expect(unitsPastLimit(998, 1, 1000)).toEqual([]);
    expect(unitsPastLimit(999, 3, 1000)).toEqual([1, 2]);
    expect(unitsPastLimit(1000, 2, 1000)).toEqual([0, 1]);
    expect(unitsPastLimit(1200, 1, 1000)).toEqual([0]);
  });

  it("warns from 950 used and says when none are left", () => {
    expect(aggregationUnitUsage(949, 1000).status).toBe("ok");
    expect(aggregationUnitUsage(950, 1000).status).toBe("near");
    expect(aggregationUnitUsage(1000, 1000).status).toBe("reached");
  });
});
