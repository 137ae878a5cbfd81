import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime } from "./format.ts";

describe("formatDateTime", () => {
  it("writes dates the way a Japanese reader expects", () => {
    expect(formatDateTime("2025-01-02T03:04:00Z", "ja", "Asia/Tokyo")).toBe("2025/01/02 12:04");
  });

  it("writes dates the English way", () => {
    expect(formatDateTime("2025-01-02T03:04:00Z", "en", "Asia/Tokyo")).toMatch(
      /^Jan 2, 2025, 12:04\sPM$/,
    );
  });

  it("shows a malformed date as it came rather than 'Invalid Date'", () => {
    expect(formatDateTime("not a date", "ja")).toBe("not a date");
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(12345, "ja")).toBe("12,345");
    expect(formatCount(12345, "en")).toBe("12,345");
  });
});
