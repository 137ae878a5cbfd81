// LINE counts days and months in Japan time (UTC+9, no daylight saving): quota months and the
// `date=yyyyMMdd` of the delivery counts (OAS messaging-api.yml `delivery/*`).

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

// Every send asks for today's date; formatting it once per day keeps that off the hot path.
let cachedDayStart = 0;
let cachedDate = "";

/** `yyyyMMdd` of the Japan-time day containing `ms`. */
export function japanDate(ms: number): string {
  const local = ms + JST_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  if (dayStart !== cachedDayStart || cachedDate === "") {
    cachedDayStart = dayStart;
    cachedDate = new Date(local).toISOString().slice(0, 10).replaceAll("-", "");
  }
  return cachedDate;
}

/** `yyyyMM` of the Japan-time month containing `ms`. */
export function japanMonth(ms: number): string {
  return japanDate(ms).slice(0, 6);
}
