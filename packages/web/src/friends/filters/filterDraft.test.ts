import { describe, expect, it } from "vitest";
import {
  emptyDraft,
  fieldConditionOf,
  newFieldDraft,
  newTagDraft,
  toFriendFilter,
} from "./filterDraft.ts";

const FIELD = "00000000-0000-4000-8000-000000000001";
const TAG = "00000000-0000-4000-8000-000000000002";

describe("the filter bar's draft", () => {
  it("is no filter at all when nothing is chosen", () => {
    expect(toFriendFilter(emptyDraft)).toEqual({});
  });

  it("leaves out conditions that are not finished yet", () => {
    const filter = toFriendFilter({
      ...emptyDraft,
      search: "  ",
      tags: [newTagDraft(), { ...newTagDraft(), match: "none", tagIds: [TAG] }],
      fields: [
        { ...newFieldDraft(), fieldId: FIELD, op: "gt", value: " " },
        { ...newFieldDraft(), fieldId: FIELD, op: "between", from: "1", to: "" },
        { ...newFieldDraft(), fieldId: FIELD, op: "not_set" },
      ],
    });
    expect(filter).toEqual({
      tags: [{ match: "none", tagIds: [TAG] }],
      fields: [{ fieldId: FIELD, op: "not_set" }],
    });
  });

  it("builds each kind of field condition", () => {
    const draft = { ...newFieldDraft(), fieldId: FIELD };
    expect(fieldConditionOf({ ...draft, op: "contains", value: " VIP " })).toEqual({
      fieldId: FIELD,
      op: "contains",
      value: "VIP",
    });
    expect(
      fieldConditionOf({ ...draft, op: "between", from: "1990-01-01", to: "1999-12-31" }),
    ).toEqual({
      fieldId: FIELD,
      op: "between",
      from: "1990-01-01",
      to: "1999-12-31",
    });
    expect(fieldConditionOf({ ...draft, op: "includes", choices: ["gold"] })).toEqual({
      fieldId: FIELD,
      op: "includes",
      choices: ["gold"],
    });
    expect(fieldConditionOf({ ...draft, fieldId: null, op: "is_set" })).toBeNull();
  });

  it("keeps status, link and routes", () => {
    expect(
      toFriendFilter({ ...emptyDraft, status: "following", link: "not_linked", routes: ["none"] }),
    ).toEqual({ status: "following", link: "not_linked", routes: ["none"] });
  });
});
