import { describe, expect, it } from "vitest";
import { ALL_FRIENDS_DRAFT, audienceOf, describeAudience, exclusionKey } from "./audience.ts";

describe("the audience picker", () => {
  it("is all valid friends with nothing excluded to begin with", () => {
    expect(audienceOf(ALL_FRIENDS_DRAFT)).toEqual({ type: "all_friends", exclude: [] });
  });

  it("waits for a segment or list to be chosen", () => {
    expect(audienceOf({ ...ALL_FRIENDS_DRAFT, kind: "segment" })).toBeNull();
    expect(audienceOf({ ...ALL_FRIENDS_DRAFT, kind: "list" })).toBeNull();
  });

  it("sends the chosen segment with its exclusions as the API spells them", () => {
    const exclude = [
      exclusionKey({ type: "list", listId: "l1" }),
      exclusionKey({ type: "segment", segmentId: "s2" }),
    ];
    expect(audienceOf({ kind: "segment", segmentId: "s1", listId: null, exclude })).toEqual({
      type: "segment",
      segmentId: "s1",
      exclude: [
        { type: "list", listId: "l1" },
        { type: "segment", segmentId: "s2" },
      ],
    });
  });

  it("describes a stored audience by name, a deleted one without", () => {
    expect(
      describeAudience(
        {
          type: "segment",
          segmentId: "s1",
          exclude: [
            { type: "list", listId: "l1" },
            { type: "segment", segmentId: "gone" },
          ],
        },
        { segments: { s1: "VIP" }, lists: { l1: "退会予定" } },
      ),
    ).toEqual({
      kind: "segment",
      name: "VIP",
      exclude: [
        { type: "list", name: "退会予定" },
        { type: "segment", name: null },
      ],
    });
    expect(describeAudience(undefined, undefined)).toEqual({
      kind: "all_friends",
      name: null,
      exclude: [],
    });
  });
});
