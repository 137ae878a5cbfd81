import { jstDate } from "../state/follow-history.ts";

/** Whether `yyyyMMdd` is a real calendar date. */
export function isInsightDate(value: string | undefined): value is string {
  if (value === undefined || !/^\d{8}$/.test(value)) return false;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso);
}

/**
 * LINE computes a day's statistics after it ends (Japan time): today and later are `unready`,
 * days before the statistic existed are `out_of_service`.
 */
export function dayStatus(
  date: string,
  firstDate: string,
  nowMs: number,
): "ready" | "unready" | "out_of_service" {
  if (date < firstDate) return "out_of_service";
  return date >= jstDate(nowMs) ? "unready" : "ready";
}

/** Yesterday in Japan time: the latest day with statistics. */
export function yesterday(nowMs: number): string {
  return jstDate(nowMs - 86_400_000);
}

/** Days from `from` to `to`, both `yyyyMMdd`. */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}
