import { describe, expect, it } from "vitest";
import { opensView } from "./opens.ts";

const read = "2026-11-26T07:00:00.000Z";
const figures = {
  readAt: read,
  uniqueImpressions: 25,
  uniqueClicks: null,
  delivered: 30,
  openRate: 25 / 30,
  unreported: 0,
};

describe("opens on the results page", () => {
  it("has nothing to say for a campaign with no unit", () => {
    expect(opensView(null)).toEqual({ kind: "none" });
    expect(opensView(undefined)).toEqual({ kind: "none" });
  });

  it("is not read yet before LINE was first asked, rather than zero", () => {
    expect(opensView({ ...figures, readAt: null, uniqueImpressions: null })).toEqual({
      kind: "not_read",
    });
  });

  it("says LINE does not count a unit past the month's limit, not that it is unread", () => {
    const uncounted = {
      ...figures,
      readAt: null,
      uniqueImpressions: null,
      openRate: null,
      uncountedReason: "unit_limit" as const,
      uncounted: 1,
    };
    expect(opensView(uncounted)).toEqual({ kind: "uncounted" });
  });

  it("says LINE does not report under 20", () => {
    expect(opensView({ ...figures, uniqueImpressions: null, openRate: null })).toEqual({
      kind: "unreported",
      readAt: read,
    });
  });

  it("gives the opens, the rate and when they were read", () => {
    expect(opensView(figures)).toEqual({
      kind: "reported",
      readAt: read,
      opens: 25,
      rate: 25 / 30,
      unreported: 0,
      uncounted: 0,
    });
  });
});
