import { z } from "zod";

const MINUTES_PER_DAY = 24 * 60;

/** `HH:MM`, 00:00–23:59. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

/**
 * Hours when friends are not to be messaged, e.g. 21:00–09:00 in Japan. `hold` (the default)
 * waits for them to end: a campaign due then starts at their end, one under way pauses;
 * `skip` passes over the recipients whose turn falls in them, with the reason
 * `quiet_hours` — for messages that are worthless late ("today only").
 */
export const quietHoursSchema = z
  .object({
    start: clockTimeSchema,
    end: clockTimeSchema,
    mode: z.enum(["hold", "skip"]).default("hold"),
  })
  .refine((q) => q.start !== q.end, { message: "start and end must differ", path: ["end"] });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export type QuietState = { quiet: false } | { quiet: true; endsAt: Date };

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Seconds since local midnight in `timeZone`. */
function localSecondOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 3600 + get("minute") * 60 + get("second");
}

/** Whether `at` falls in the quiet hours (start inclusive, end exclusive), and when they end. */
export function quietStateAt(quietHours: QuietHours, timeZone: string, at: Date): QuietState {
  const start = minutesOf(quietHours.start) * 60;
  const end = minutesOf(quietHours.end) * 60;
  const now = localSecondOfDay(at, timeZone);
  const day = MINUTES_PER_DAY * 60;
  const quiet = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quiet) return { quiet: false };
  const secondsLeft = (end - now + day) % day;
  const endsAt = new Date(at.getTime() - at.getMilliseconds() + secondsLeft * 1000);
  return { quiet: true, endsAt };
}
