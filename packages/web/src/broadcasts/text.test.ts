import { describe, expect, it } from "vitest";
import { broadcastTextProblem, maxBroadcastLength } from "./text.ts";

describe("broadcastTextProblem", () => {
  it("refuses an empty or blank message", () => {
    expect(broadcastTextProblem("")).toBe("empty");
    expect(broadcastTextProblem(" \n\t ")).toBe("empty");
  });

  it("accepts up to 5000 characters and no more", () => {
    expect(broadcastTextProblem("あ".repeat(maxBroadcastLength))).toBeNull();
    expect(broadcastTextProblem("あ".repeat(maxBroadcastLength + 1))).toBe("tooLong");
  });
});
