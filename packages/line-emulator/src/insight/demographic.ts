import type { EmulatorState } from "../state/state.ts";
import { areaName, demographicsOf, friendshipDays } from "./demographics.ts";
import { PRIVACY_THRESHOLD } from "./privacy.ts";

type Tile<K extends string> = { [key in K]: string } & { percentage: number };

export type DemographicResponse = {
  available: boolean;
  genders: Tile<"gender">[];
  ages: Tile<"age">[];
  areas: Tile<"area">[];
  appTypes: Tile<"appType">[];
  subscriptionPeriods: Tile<"subscriptionPeriod">[];
};

const AGE_BUCKETS: readonly (readonly [number, string])[] = [
  [15, "from0to14"],
  [20, "from15to19"],
  [25, "from20to24"],
  [30, "from25to29"],
  [35, "from30to34"],
  [40, "from35to39"],
  [45, "from40to44"],
  [50, "from45to49"],
  [55, "from50to54"],
  [60, "from55to59"],
  [65, "from60to64"],
  [70, "from65to69"],
];

function ageBucket(age: number | null): string {
  if (age === null) return "unknown";
  return AGE_BUCKETS.find(([below]) => age < below)?.[1] ?? "from70";
}

function period(days: number | undefined): string {
  if (days === undefined) return "unknown";
  if (days < 7) return "within7days";
  if (days < 30) return "within30days";
  if (days < 90) return "within90days";
  if (days < 180) return "within180days";
  if (days < 365) return "within365days";
  return "over365days";
}

/**
 * GET /v2/bot/insight/demographic: the shares of the channel's friends by gender, age, area, app
 * and friendship length, in percent with one decimal, largest first. Needs 20 friends
 * (REF#get-demographic); LINE's figures lag by days, the emulator's are current.
 */
export function demographicOf(
  state: EmulatorState,
  channelId: string,
  nowMs: number,
): DemographicResponse {
  const counters = {
    gender: new Map<string, number>(),
    age: new Map<string, number>(),
    area: new Map<string, number>(),
    appType: new Map<string, number>(),
    subscriptionPeriod: new Map<string, number>(),
  };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let friends = 0;
  for (const [userId, status] of state.friendships.get(channelId) ?? []) {
    if (status !== "following") continue;
    friends++;
    const d = demographicsOf(state, userId);
    bump(counters.gender, d.gender ?? "unknown");
    bump(counters.age, ageBucket(d.age));
    bump(counters.area, d.area === null ? "unknown" : (areaName(d.area) ?? "unknown"));
    bump(counters.appType, d.appType);
    bump(counters.subscriptionPeriod, period(friendshipDays(state, channelId, userId, nowMs)));
  }
  if (friends < PRIVACY_THRESHOLD) {
    return {
      available: false,
      genders: [],
      ages: [],
      areas: [],
      appTypes: [],
      subscriptionPeriods: [],
    };
  }
  const tiles = <K extends string>(key: K, map: Map<string, number>): Tile<K>[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([value, n]) =>
          ({ [key]: value, percentage: Math.round((n / friends) * 1000) / 10 }) as Tile<K>,
      );
  return {
    available: true,
    genders: tiles("gender", counters.gender),
    ages: tiles("age", counters.age),
    areas: tiles("area", counters.area),
    appTypes: tiles("appType", counters.appType),
    subscriptionPeriods: tiles("subscriptionPeriod", counters.subscriptionPeriod),
  };
}
