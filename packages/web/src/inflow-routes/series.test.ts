import { describe, expect, it } from "vitest";
import { sumSeries } from "./series.ts";

describe("summing routes' series", () => {
  it("adds day by day and fills missing days with zero", () => {
    expect(
      sumSeries(
        [
          [1, 2, 3],
          [0, 5],
        ],
        3,
      ),
    ).toEqual([1, 7, 3]);
    expect(sumSeries([], 2)).toEqual([0, 0]);
  });
});
