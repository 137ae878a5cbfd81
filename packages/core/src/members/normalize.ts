import { type Prefecture, prefectureOf } from "./prefectures.ts";
import type { RowErrorCode } from "./row-errors.ts";

/** A value read from text: the normalized value, or why it could not be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: RowErrorCode };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: RowErrorCode): Parsed<T> => ({ ok: false, code });

/** Full-width digits, letters and symbols to their ASCII forms (０９０ → 090, ＠ → @). */
export function halfWidth(text: string): string {
  return text.normalize("NFKC").trim();
}

export const EMAIL_MAX_LENGTH = 254;
// Deliberately lenient on the local part: Japanese carriers issued addresses such as
// `taro..yamada@docomo.ne.jp` and `taro.@ezweb.ne.jp` that RFC 5322 refuses but that receive mail.
const EMAIL = /^[^\s@,;:<>()[\]"]+@[^\s@,;:<>()[\]".]+(\.[^\s@,;:<>()[\]".]+)+$/;

/** Lower-cased and trimmed, so that matching a friend's answer is an equality. */
export function normalizeEmail(text: string): Parsed<string> {
  const email = halfWidth(text).toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH) return fail("too_long");
  return EMAIL.test(email) ? ok(email) : fail("invalid_email");
}

// Hyphens, dashes, the long-vowel mark people type for a dash, spaces, brackets and dots.
const PHONE_SEPARATORS = /[\s\-‐‑‒–—―−ーｰ().]/g;
// 050 (IP), 060, 070, 080, 090 (mobile), 020 (pagers, M2M) and 0800 (free dial) are 11 digits.
const ELEVEN_DIGIT_PREFIX = /^(0[5-9]0|020|0800)/;

/**
 * Japanese numbers as the digits dialled inside Japan (`09012345678`), whether written
 * 090-1234-5678, (03) 1234-5678, +81 90-1234-5678, +81 (0)90… or in full-width digits.
 * Other countries' numbers keep their `+` and country code (`+14155550100`).
 */
export function normalizePhone(text: string): Parsed<string> {
  let phone = halfWidth(text).replace(/^\+\s*81\s*\(\s*0\s*\)/, "+81");
  phone = phone.replace(PHONE_SEPARATORS, "");
  if (phone.startsWith("+81")) {
    const rest = phone.slice(3);
    phone = rest.startsWith("0") ? rest : `0${rest}`;
  }
  if (phone.startsWith("+")) {
    return /^\+[1-9]\d{7,14}$/.test(phone) ? ok(phone) : fail("invalid_phone");
  }
  if (!/^0[1-9]\d{8,9}$/.test(phone)) return fail("invalid_phone");
  const expected = ELEVEN_DIGIT_PREFIX.test(phone) ? 11 : 10;
  return phone.length === expected ? ok(phone) : fail("invalid_phone");
}

/** Japanese eras by first year, for dates written 平成2年4月1日 or H2.4.1. */
const ERAS: Record<string, number> = {
  明治: 1868,
  大正: 1912,
  昭和: 1926,
  平成: 1989,
  令和: 2019,
  m: 1868,
  t: 1912,
  s: 1926,
  h: 1989,
  r: 2019,
};

const DATE_FORMATS: readonly RegExp[] = [
  /^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$/,
  /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  /^(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日$/,
  /^(?<era>明治|大正|昭和|平成|令和)(?<ey>\d{1,2}|元)年(?<m>\d{1,2})月(?<d>\d{1,2})日$/,
  /^(?<era>[mtshr])(?<ey>\d{1,2})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$/,
];
// Spreadsheets export dates as 1990/4/1 0:00 or 1990-04-01T00:00:00.
const TIME_OF_DAY = /[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/;

/** A calendar day `YYYY-MM-DD` between `min` and `max` (inclusive, both `YYYY-MM-DD`). */
export function parseDay(text: string, min = "0001-01-01", max = "9999-12-31"): Parsed<string> {
  const written = halfWidth(text).toLowerCase().replace(/\s+/g, " ").replace(TIME_OF_DAY, "");
  for (const format of DATE_FORMATS) {
    const groups = format.exec(written)?.groups;
    if (!groups) continue;
    const year = groups.era
      ? ERAS[groups.era]! + (groups.ey === "元" ? 1 : Number(groups.ey)) - 1
      : Number(groups.y);
    const day = isoDay(year, Number(groups.m), Number(groups.d));
    if (!day) return fail("invalid_date");
    return day < min || day > max ? fail("date_out_of_range") : ok(day);
  }
  return fail("invalid_date");
}

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export const GENDERS = ["female", "male", "other", "unknown"] as const;
export type Gender = (typeof GENDERS)[number];

// ISO/IEC 5218 codes too: 0 not known, 1 male, 2 female, 9 not applicable.
const GENDER_SPELLINGS: Record<string, Gender> = {
  female: "female",
  f: "female",
  woman: "female",
  女: "female",
  女性: "female",
  "2": "female",
  male: "male",
  m: "male",
  man: "male",
  男: "male",
  男性: "male",
  "1": "male",
  other: "other",
  その他: "other",
  "9": "other",
  unknown: "unknown",
  不明: "unknown",
  無回答: "unknown",
  回答しない: "unknown",
  "0": "unknown",
};

export function parseGender(text: string): Parsed<Gender> {
  const gender = GENDER_SPELLINGS[halfWidth(text).toLowerCase()];
  return gender ? ok(gender) : fail("invalid_gender");
}

export function parsePrefecture(text: string): Parsed<Prefecture> {
  const prefecture = prefectureOf(halfWidth(text));
  return prefecture ? ok(prefecture) : fail("invalid_prefecture");
}

/** The largest value of a PostgreSQL `integer`. */
export const POINTS_MAX = 2_147_483_647;

/** A point balance: a whole number from 0, written with or without thousands separators. */
export function parsePoints(text: string): Parsed<number> {
  const written = halfWidth(text).replace(/[,，]/g, "");
  if (!/^[+-]?\d+$/.test(written)) return fail("invalid_integer");
  const points = Number(written);
  return points >= 0 && points <= POINTS_MAX ? ok(points) : fail("out_of_range");
}

/** Any finite number, as JSON numbers carry it: 1,234.5 or -3 or 1e3. */
export function parseNumber(text: string): Parsed<number> {
  const written = halfWidth(text).replace(/[,，]/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(written)) return fail("invalid_number");
  const value = Number(written);
  return Number.isFinite(value) ? ok(value) : fail("out_of_range");
}

const BOOLEAN_SPELLINGS: Record<string, boolean> = {
  true: true,
  "1": true,
  yes: true,
  y: true,
  on: true,
  はい: true,
  有: true,
  あり: true,
  "○": true,
  "◯": true,
  false: false,
  "0": false,
  no: false,
  n: false,
  off: false,
  いいえ: false,
  無: false,
  なし: false,
  "×": false,
};

export function parseBoolean(text: string): Parsed<boolean> {
  const value = BOOLEAN_SPELLINGS[halfWidth(text).toLowerCase()];
  return value === undefined ? fail("invalid_boolean") : ok(value);
}

/** Names compared and stored in one form: half-width kana made full-width, spaces single. */
export function normalizeName(text: string): string {
  return halfWidth(text).replace(/\s+/g, " ");
}
