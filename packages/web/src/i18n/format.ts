import type { Language } from "./language.ts";

const locales: Record<Language, string> = { ja: "ja-JP", en: "en-US" };

export function localeOf(language: Language): string {
  return locales[language];
}

/** "2025/01/02 12:04" in Japanese, "Jan 2, 2025, 12:04 PM" in English. */
export function formatDateTime(iso: string, language: Language, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(date);
}

export function formatCount(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}
