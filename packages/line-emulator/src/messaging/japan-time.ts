// LINE counts days and months in Japan time (UTC+9, no daylight saving): quota months and the
// `date=yyyyMMdd` of the delivery counts (OAS messaging-api.yml `delivery/*`).

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `yyyyMMdd` of the Japan-time day containing `ms`. */
export function japanDate(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
}

/** `yyyyMM` of the Japan-time month containing `ms`. */
export function japanMonth(ms: number): string {
  return japanDate(ms).slice(0, 6);
}
