import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDecimals } from "./decimal.ts";
import {
  ageOn,
  before,
  dayInJapan,
  latestBirthdayForAge,
  resolveWindow,
  startOfDayInJapan,
} from "./time.ts";

describe("time in Japan", () => {
  it("takes the day in Japan, nine hours ahead of UTC", () => {
    expect(dayInJapan(new Date("2024-06-14T14:59:59Z"))).toBe("2024-06-14");
    expect(dayInJapan(new Date("2024-06-14T15:00:00Z"))).toBe("2024-06-15");
    expect(startOfDayInJapan("2024-06-15").toISOString()).toBe("2024-06-14T15:00:00.000Z");
  });

  it("covers whole days in Japan for a window between dates", () => {
    expect(
      resolveWindow({ type: "between", from: "2024-06-01", to: "2024-06-30" }, new Date()),
    ).toEqual({
      from: new Date("2024-05-31T15:00:00Z"),
      to: new Date("2024-06-30T15:00:00Z"),
    });
  });

  it("counts months on the calendar, clamping to the month's end", () => {
    const now = new Date("2024-05-31T03:00:00Z"); // 12:00 on 31 May in Japan
    expect(before(now, 3, "months").toISOString()).toBe("2024-02-29T03:00:00.000Z");
    expect(before(now, 1, "days").toISOString()).toBe("2024-05-30T03:00:00.000Z");
  });

  it("is a year older on the birthday; 29 February birthdays on 1 March in common years", () => {
    expect(ageOn("2004-06-15", "2024-06-15")).toBe(20);
    expect(ageOn("2004-06-16", "2024-06-15")).toBe(19);
    expect(ageOn("2000-02-29", "2021-02-28")).toBe(20);
    expect(ageOn("2000-02-29", "2021-03-01")).toBe(21);
  });

  it("turns an age into the latest birthday of that age, agreeing with ageOn", () => {
    const day = fc
      .date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 120 }), (birthday, today, age) => {
        const atLeast = birthday <= latestBirthdayForAge(age, today);
        expect(atLeast).toBe(ageOn(birthday, today) >= age);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("decimals", () => {
  it("compares decimals exactly, beyond what a double holds", () => {
    expect(compareDecimals("123456789012345.000001", "123456789012345.000002")).toBe(-1);
    expect(compareDecimals("-0", "0")).toBe(0);
    expect(compareDecimals("-2.5", "-2.50")).toBe(0);
    expect(compareDecimals("-1.5", "-1.25")).toBe(-1);
    expect(compareDecimals("10", "9.999999")).toBe(1);
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(compareDecimals(String(a / 100), String(b / 100))).toBe(Math.sign(a - b));
      }),
    );
  });
});
