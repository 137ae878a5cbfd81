import { describe, expect, it } from "vitest";
import { ulid, ulidTime } from "./ulid.ts";

describe("ulid", () => {
  it("is 26 Crockford base32 characters", () => {
    expect(ulid(Date.now())).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("encodes its time so ids sort by time", () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(ulidTime(ulid(t))).toBe(t);
    expect(ulid(t) < ulid(t + 1)).toBe(true);
  });

  it("does not repeat within the same millisecond", () => {
    const t = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => ulid(t)));
    expect(ids.size).toBe(1000);
  });
});
