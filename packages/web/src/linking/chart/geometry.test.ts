import { describe, expect, it } from "vitest";
import { gridValues, labelIndexes, linePoints, niceMax, pathOf } from "./geometry.ts";

const box = { width: 120, height: 60, left: 10, right: 10, top: 5, bottom: 5 };

describe("line chart geometry", () => {
  it("rounds the y axis up to a number that reads well", () => {
    expect(niceMax([0.37])).toBe(1);
    expect(niceMax([0.37], 0.01)).toBe(0.5);
    expect(niceMax([12])).toBe(20);
    expect(niceMax([240])).toBe(250);
    expect(niceMax([])).toBe(1);
  });

  it("keeps the grid of counts on whole numbers", () => {
    expect(niceMax([1], 2, true)).toBe(2);
    expect(niceMax([3], 2, true)).toBe(4);
    expect(gridValues(2, true)).toEqual([0, 1, 2]);
    expect(gridValues(5, true)).toEqual([0, 5]);
    expect(gridValues(0.5)).toEqual([0, 0.25, 0.5]);
  });

  it("places the first value on the left edge, the last on the right, zero at the bottom", () => {
    const points = linePoints([0, 5, 10], box, 10);
    expect(points).toEqual([
      { x: 10, y: 55 },
      { x: 60, y: 30 },
      { x: 110, y: 5 },
    ]);
    expect(pathOf(points)).toBe("M10.0 55.0 L60.0 30.0 L110.0 5.0");
  });

  it("centres a single value", () => {
    expect(linePoints([1], box, 2)).toEqual([{ x: 60, y: 30 }]);
  });

  it("shows a few labels, always the first and last day", () => {
    expect(labelIndexes(30, 5)).toEqual([0, 7, 15, 22, 29]);
    expect(labelIndexes(3, 5)).toEqual([0, 1, 2]);
    expect(labelIndexes(0, 5)).toEqual([]);
  });
});
