import { describe, expect, it } from "vitest";
import { fromLocalInput, localInputValue, scheduleProblem } from "./schedule.ts";

describe("the schedule input", () => {
  it("reads back the time it shows", () => {
    const at = new Date(2026, 4, 1, 9, 30);
    expect(fromLocalInput(localInputValue(at))?.getTime()).toBe(at.getTime());
  });

  it("refuses a time that has passed or is not a time", () => {
    const now = new Date(2026, 4, 1, 9, 30);
    expect(scheduleProblem(localInputValue(new Date(2026, 4, 1, 9, 0)), now)).toBe("past");
    expect(scheduleProblem("", now)).toBe("invalid");
    expect(scheduleProblem(localInputValue(new Date(2026, 4, 2, 9, 0)), now)).toBeNull();
  });
});
