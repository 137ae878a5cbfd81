import type { TimeWindow, WindowUnit } from "./definition.ts";

/** Japan has no daylight saving time: JST is UTC+9 all year. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A window as instants: `from` included, `to` excluded; either may be open. */
export interface ResolvedWindow {
  from?: Date;
  to?: Date;
}

/** The calendar day in Japan at an instant, `YYYY-MM-DD`. */
export function dayInJapan(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a day in Japan begins (00:00 JST). */
export function startOfDayInJapan(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - JST_OFFSET_MS);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * `amount` units before `now`. Hours, days and weeks are fixed lengths ("the last 30 days"
 * is the last 720 hours); months are calendar months on the clock in Japan, the day clamped
 * to the month's end (3 months before 31 May is 28 or 29 February).
 */
export function before(now: Date, amount: number, unit: WindowUnit): Date {
  switch (unit) {
    case "hours":
      return new Date(now.getTime() - amount * HOUR_MS);
    case "days":
      return new Date(now.getTime() - amount * 24 * HOUR_MS);
    case "weeks":
      return new Date(now.getTime() - amount * 7 * 24 * HOUR_MS);
    case "months": {
      const wall = new Date(now.getTime() + JST_OFFSET_MS);
      const day = wall.getUTCDate();
      wall.setUTCDate(1);
      wall.setUTCMonth(wall.getUTCMonth() - amount);
      wall.setUTCDate(Math.min(day, daysInMonth(wall.getUTCFullYear(), wall.getUTCMonth())));
      return new Date(wall.getTime() - JST_OFFSET_MS);
    }
    default:
      return unit satisfies never;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The instants a window covers, seen at `now`. */
export function resolveWindow(window: TimeWindow, now: Date): ResolvedWindow {
  switch (window.type) {
    case "last":
      return { from: before(now, window.amount, window.unit) };
    case "older_than":
      return { to: before(now, window.amount, window.unit) };
    case "between":
      return {
        ...(window.from ? { from: startOfDayInJapan(window.from) } : {}),
        ...(window.to ? { to: startOfDayInJapan(nextDay(window.to)) } : {}),
      };
    default:
      return window satisfies never;
  }
}

export function inWindow(at: Date, window: ResolvedWindow): boolean {
  const time = at.getTime();
  return (
    (window.from === undefined || time >= window.from.getTime()) &&
    (window.to === undefined || time < window.to.getTime())
  );
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same day `years` earlier; 29 February becomes 28 February in a common year. */
export function yearsBefore(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) - years;
  let rest = day.slice(4);
  if (rest === "-02-29" && !isLeap(year)) rest = "-02-28";
  return `${String(year).padStart(4, "0")}${rest}`;
}

/**
 * Age in whole years on `today` (both `YYYY-MM-DD`, in Japan): a person born on 29 February
 * turns a year older on 1 March in common years.
 */
export function ageOn(birthday: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthday.slice(0, 4));
  return today.slice(5) < birthday.slice(5) ? years - 1 : years;
}

/**
 * The birthdays of people at least `age` years old on `today`: those on or before this day.
 * Conditions on age compile to ranges of birthdays, so that an index on birthdays serves them.
 */
export function latestBirthdayForAge(age: number, today: string): string {
  return yearsBefore(today, age);
}
