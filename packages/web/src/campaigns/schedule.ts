/** `<input type="datetime-local">` speaks the browser's local time without a zone. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local value names, or null when it is not a time. */
export function fromLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type ScheduleProblem = "invalid" | "past";

export function scheduleProblem(value: string, now: Date): ScheduleProblem | null {
  const date = fromLocalInput(value);
  if (!date) return "invalid";
  return date.getTime() <= now.getTime() ? "past" : null;
}
