import { describe, expect, it } from "vitest";
import {
  countsUntil,
  followedAt,
  jstDate,
  recordBlock,
  recordFollows,
  restoreFollowHistorySnapshot,
  takeFollowHistorySnapshot,
} from "./follow-history.ts";
import { createState } from "./state.ts";
import { createUsers } from "./users.ts";

describe("follow history", () => {
  it("dates days in Japan time", () => {
    expect(jstDate(Date.parse("2026-02-28T15:00:00Z"))).toBe("20260301");
    expect(jstDate(Date.parse("2026-02-28T14:59:59Z"))).toBe("20260228");
  });

  it("saves a bulk follow as one run and restores every user's follow time", () => {
    const state = createState();
    const ids = createUsers(state, "c1", 1000, "F");
    recordFollows(state, "c1", ids.slice(0, 900), 1_000, "follow");
    recordFollows(state, "c1", [ids[950]!], 2_000, "follow");
    recordBlock(state, "c1", ids[10]!, 3_000);
    recordFollows(state, "c1", [ids[10]!], 4_000, "unblock");

    const snapshot = takeFollowHistorySnapshot(state);
    // 0–9, 10 (unblocked later), 11–899, and 950: four small entries instead of 900 IDs.
    expect(JSON.stringify(snapshot.followedAt).length).toBeLessThan(400);

    const restored = createState();
    restored.userIdsByChannel.set("c1", [...ids]);
    restoreFollowHistorySnapshot(restored, snapshot);
    for (const i of [0, 9, 11, 899]) expect(followedAt(restored, "c1", ids[i]!)).toBe(1_000);
    expect(followedAt(restored, "c1", ids[10]!)).toBe(4_000);
    expect(followedAt(restored, "c1", ids[950]!)).toBe(2_000);
    expect(followedAt(restored, "c1", ids[900]!)).toBeUndefined();
    expect(countsUntil(restored, "c1", jstDate(5_000))).toEqual({
      follows: 901,
      unblocks: 1,
      blocks: 1,
    });
  });
});
