import { describe, expect, it } from "vitest";
import { formatRate, shortDay } from "./rate.ts";

describe("link rate formatting", () => {
  it("writes rates as percentages with one decimal at most", () => {
    expect(formatRate(0.375, "ja-JP")).toBe("37.5%");
    expect(formatRate(0, "en-US")).toBe("0%");
    expect(formatRate(1 / 3, "en-US")).toBe("33.3%");
  });

  it("shortens days for a chart's axis", () => {
    expect(shortDay("2026-05-01")).toBe("5/1");
    expect(shortDay("2026-12-31")).toBe("12/31");
  });
});
