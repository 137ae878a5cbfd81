import { describe, expect, it } from "vitest";
import { friendsSearchParams } from "./friends.ts";

describe("friendsSearchParams", () => {
  it("asks for the first page with only the limit when nothing is filtered", () => {
    expect(friendsSearchParams({ q: "", status: null, cursor: null, limit: 50 })).toBe("limit=50");
  });

  it("passes the trimmed search, the status and the cursor", () => {
    const params = new URLSearchParams(
      friendsSearchParams({ q: "  山田 ", status: "blocked", cursor: "abc=", limit: 50 }),
    );
    expect(params.get("q")).toBe("山田");
    expect(params.get("status")).toBe("blocked");
    expect(params.get("cursor")).toBe("abc=");
  });

  it("leaves out a search of only spaces", () => {
    expect(friendsSearchParams({ q: "   ", status: "following", cursor: null, limit: 50 })).toBe(
      "status=following&limit=50",
    );
  });
});
