import { describe, expect, it } from "vitest";
import { japanDate, japanMonth } from "./japan-time.ts";

describe("Japan time", () => {
  it("turns the date at 15:00 UTC", () => {
    expect(japanDate(Date.parse("2026-11-25T14:59:59.999Z"))).toBe("20261125");
    expect(japanDate(Date.parse("2026-11-25T15:00:00Z"))).toBe("20261126");
    expect(japanDate(Date.parse("2026-11-25T14:00:00Z"))).toBe("20261125");
  });

  it("turns the month at midnight in Japan", () => {
    expect(japanMonth(Date.parse("2026-10-31T14:30:00Z"))).toBe("202610");
    expect(japanMonth(Date.parse("2026-10-31T15:30:00Z"))).toBe("202611");
  });
});
