import { describe, expect, it } from "vitest";
import {
  AUDIENCE_EXCLUSIONS_MAX,
  audienceDefinition,
  audienceSchema,
  isEveryFollower,
  placeAudienceProblem,
} from "./audience.ts";
import { campaignCreateSchema } from "./campaign.ts";

const segmentId = "3f0b8a8e-4c1e-4f7a-9d7e-2b6c1a0e9f11";
const listId = "8c2d6f4a-1b3e-4d5f-8a9b-0c1d2e3f4a5b";
const otherSegmentId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

describe("a campaign's audience", () => {
  it("reads campaigns stored before segments and exclusions as every following friend", () => {
    const stored = audienceSchema.parse({ type: "all_friends" });
    expect(isEveryFollower(stored)).toBe(true);
    expect(isEveryFollower({ type: "all_friends", exclude: [] })).toBe(true);
    expect(isEveryFollower({ type: "all_friends", exclude: [{ type: "list", listId }] })).toBe(
      false,
    );
  });

  it("takes a saved segment minus a list, for following friends only", () => {
    const audience = audienceSchema.parse({
      type: "segment",
      segmentId,
      exclude: [{ type: "list", listId }],
    });
    expect(audienceDefinition(audience)).toEqual({
      version: 1,
      root: {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "follow_status", status: "following" },
          { kind: "segment", segmentId },
          { kind: "not", condition: { kind: "list", listId } },
        ],
      },
    });
  });

  it("refuses more than ten exclusions, unknown keys and ids that are not uuids", () => {
    const many = Array.from({ length: AUDIENCE_EXCLUSIONS_MAX + 1 }, () => ({
      type: "list",
      listId,
    }));
    const tooMany = audienceSchema.safeParse({ type: "all_friends", exclude: many });
    expect(tooMany.error?.issues[0]?.path).toEqual(["exclude"]);
    expect(audienceSchema.safeParse({ type: "segment", segmentId: "nope" }).success).toBe(false);
    expect(audienceSchema.safeParse({ type: "all_friends", segmentId }).success).toBe(false);
    const body = campaignCreateSchema.safeParse({
      messages: [{ type: "text", text: "hi" }],
      audience: { type: "list" },
    });
    expect(body.error?.issues[0]?.path).toEqual(["audience", "listId"]);
  });

  it("places the checker's problems on the segment or list of the request that caused them", () => {
    const audience = audienceSchema.parse({
      type: "list",
      listId,
      exclude: [
        { type: "segment", segmentId },
        { type: "segment", segmentId: otherSegmentId },
      ],
    });
    expect(placeAudienceProblem(audience, "root.conditions.1.listId")).toEqual({
      path: "/audience/listId",
      id: listId,
    });
    expect(placeAudienceProblem(audience, "root.conditions.3.condition.segmentId")).toEqual({
      path: "/audience/exclude/1/segmentId",
      id: otherSegmentId,
    });
    const everyone = audienceSchema.parse({
      type: "all_friends",
      exclude: [{ type: "segment", segmentId }],
    });
    expect(placeAudienceProblem(everyone, "root.conditions.1.condition.segmentId")).toEqual({
      path: "/audience/exclude/0/segmentId",
      id: segmentId,
    });
    expect(placeAudienceProblem(everyone, "root")).toEqual({ path: "/audience", id: null });
  });
});
