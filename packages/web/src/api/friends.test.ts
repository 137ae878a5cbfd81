import { describe, expect, it } from "vitest";
import { filterParam, friendsExportUrl, friendsSearchParams } from "./friends.ts";

const TAG = "00000000-0000-4000-8000-000000000001";

describe("friendsSearchParams", () => {
  it("asks for the first page with only the limit when nothing is filtered", () => {
    expect(friendsSearchParams({ filter: {}, cursor: null, limit: 50 })).toBe("limit=50");
  });

  it("passes the filter as JSON, with the search trimmed, and the cursor", () => {
    const params = new URLSearchParams(
      friendsSearchParams({
        filter: { search: "  山田 ", status: "blocked", tags: [{ match: "any", tagIds: [TAG] }] },
        cursor: "abc=",
        limit: 50,
      }),
    );
    expect(JSON.parse(params.get("filter") ?? "")).toEqual({
      status: "blocked",
      search: "山田",
      tags: [{ match: "any", tagIds: [TAG] }],
    });
    expect(params.get("cursor")).toBe("abc=");
  });

  it("leaves out a search of only spaces and empty lists", () => {
    expect(filterParam({ search: "   ", tags: [], fields: [] })).toBeNull();
    expect(
      friendsSearchParams({
        filter: { status: "following", search: " " },
        cursor: null,
        limit: 50,
      }),
    ).toBe(`filter=${encodeURIComponent('{"status":"following"}')}&limit=50`);
  });
});

describe("friendsExportUrl", () => {
  it("is a plain link the browser can download, with the filter and the language", () => {
    const url = new URL(friendsExportUrl("c-1", { link: "linked" }, "ja"), "http://x");
    expect(url.pathname).toBe("/api/channels/c-1/friends/export.csv");
    expect(url.searchParams.get("lang")).toBe("ja");
    expect(JSON.parse(url.searchParams.get("filter") ?? "")).toEqual({ link: "linked" });
  });
});
