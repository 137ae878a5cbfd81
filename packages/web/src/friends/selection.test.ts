import { describe, expect, it } from "vitest";
import {
  bulkSelectionOf,
  noSelection,
  pageState,
  selectedCount,
  toggleFriend,
  togglePage,
} from "./selection.ts";

const page = ["1", "2", "3"];

describe("selecting friends for a bulk edit", () => {
  it("ticks friends one by one and the whole page at once", () => {
    const one = toggleFriend(noSelection, "2", page);
    expect(pageState(one, page)).toBe("some");
    const all = togglePage(one, page);
    expect(pageState(all, page)).toBe("all");
    expect(selectedCount(all, 1200)).toBe(3);
    expect(togglePage(all, page)).toEqual(noSelection);
  });

  it("counts every matching friend once all matching are selected", () => {
    expect(selectedCount({ kind: "all" }, 1200)).toBe(1200);
    expect(pageState({ kind: "all" }, page)).toBe("all");
  });

  it("sends the filter for all matching, and the ids for a hand-picked few", () => {
    const filter = { status: "following" as const };
    expect(bulkSelectionOf({ kind: "all" }, filter)).toEqual({ filter });
    expect(bulkSelectionOf({ kind: "some", ids: ["7", "9"] }, filter)).toEqual({
      filter: {},
      friendIds: ["7", "9"],
    });
  });

  it("unticking one friend of all matching keeps the rest of the page", () => {
    expect(toggleFriend({ kind: "all" }, "2", page)).toEqual({ kind: "some", ids: ["1", "3"] });
  });
});
