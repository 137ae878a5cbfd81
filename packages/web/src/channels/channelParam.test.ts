import { describe, expect, it } from "vitest";
import { channelLink } from "./channelParam.ts";

describe("channelLink", () => {
  it("keeps the chosen channel on the next page", () => {
    expect(channelLink("/friends", "42")).toEqual({ pathname: "/friends", search: "?channel=42" });
  });

  it("adds nothing when no channel was chosen", () => {
    expect(channelLink("/broadcasts", null)).toEqual({ pathname: "/broadcasts" });
  });
});
