import { followedAt } from "../state/follow-history.ts";
import type { EmulatorState } from "../state/state.ts";

// Demographic attributes of virtual users, as LINE estimates them for insight and narrowcast
// filters. Unless set through the control API, each user's attributes come from the user ID
// itself: stable across restarts, spread like a real audience, and free for a million users.

export type Gender = "male" | "female";
export type AppType = "ios" | "android" | "others";

export type Demographics = {
  /** null: LINE could not estimate it. */
  gender: Gender | null;
  /** Age in years; null when unknown. */
  age: number | null;
  /** Narrowcast area code, e.g. `jp_13` (Tokyo); null when unknown. */
  area: string | null;
  appType: AppType;
};

/** Japan's prefectures in the order of LINE's area codes jp_01 … jp_47, with a rough population weight. */
const PREFECTURES: readonly (readonly [string, number])[] = [
  ["北海道", 51],
  ["青森", 12],
  ["岩手", 12],
  ["宮城", 23],
  ["秋田", 9],
  ["山形", 10],
  ["福島", 18],
  ["茨城", 28],
  ["栃木", 19],
  ["群馬", 19],
  ["埼玉", 73],
  ["千葉", 63],
  ["東京", 140],
  ["神奈川", 92],
  ["新潟", 21],
  ["富山", 10],
  ["石川", 11],
  ["福井", 8],
  ["山梨", 8],
  ["長野", 20],
  ["岐阜", 20],
  ["静岡", 36],
  ["愛知", 75],
  ["三重", 18],
  ["滋賀", 14],
  ["京都", 25],
  ["大阪", 88],
  ["兵庫", 54],
  ["奈良", 13],
  ["和歌山", 9],
  ["鳥取", 5],
  ["島根", 7],
  ["岡山", 19],
  ["広島", 28],
  ["山口", 13],
  ["徳島", 7],
  ["香川", 9],
  ["愛媛", 13],
  ["高知", 7],
  ["福岡", 51],
  ["佐賀", 8],
  ["長崎", 13],
  ["熊本", 17],
  ["大分", 11],
  ["宮崎", 11],
  ["鹿児島", 16],
  ["沖縄", 15],
];

const TOTAL_WEIGHT = PREFECTURES.reduce((sum, [, weight]) => sum + weight, 0);

export const AREA_CODES: readonly string[] = PREFECTURES.map(
  (_, i) => `jp_${String(i + 1).padStart(2, "0")}`,
);

/** The name LINE's demographic insight shows for an area code (`jp_36` → 徳島). */
export function areaName(code: string): string | undefined {
  const index = AREA_CODES.indexOf(code);
  return index < 0 ? undefined : PREFECTURES[index]![0];
}

/** Attributes derived from the user ID alone: a user ID is 32 random hex digits after the `U`. */
export function derivedDemographics(userId: string): Demographics {
  const digits = (from: number, length: number) =>
    Number.parseInt(userId.slice(1 + from, 1 + from + length), 16) || 0;
  const g = digits(0, 2) % 100;
  const a = digits(2, 4);
  const r = digits(6, 4) % (TOTAL_WEIGHT + 15);
  const p = digits(10, 2) % 100;
  return {
    gender: g < 45 ? "female" : g < 85 ? "male" : null,
    age: a % 10 === 0 ? null : 15 + (Math.floor(a / 10) % 60),
    area: r < TOTAL_WEIGHT ? areaAt(r) : null,
    appType: p < 60 ? "ios" : p < 95 ? "android" : "others",
  };
}

function areaAt(weight: number): string {
  let rest = weight;
  for (let i = 0; i < PREFECTURES.length; i++) {
    rest -= PREFECTURES[i]![1];
    if (rest < 0) return AREA_CODES[i]!;
  }
  return AREA_CODES.at(-1)!;
}

/**
 * A user's demographic attributes: set through the control API, else derived from the user ID.
 * Narrowcast's demographic filter and the demographic insight both read this.
 */
export function demographicsOf(state: EmulatorState, userId: string): Demographics {
  const override = state.demographics.overrides.get(userId);
  const derived = derivedDemographics(userId);
  return override ? { ...derived, ...override } : derived;
}

/**
 * Days since the user became a friend of the channel (narrowcast `subscriptionPeriod`);
 * undefined when the user is not a friend or followed before follow times were kept.
 */
export function friendshipDays(
  state: EmulatorState,
  channelId: string,
  userId: string,
  nowMs: number,
): number | undefined {
  const since = followedAt(state, channelId, userId);
  return since === undefined ? undefined : (nowMs - since) / 86_400_000;
}
