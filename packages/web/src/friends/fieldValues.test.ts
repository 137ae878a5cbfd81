import { describe, expect, it } from "vitest";
import { draftOf, formatFieldValue, inputOf } from "./fieldValues.ts";

describe("editing a field value", () => {
  it("sends null for an emptied input, so that the field is cleared", () => {
    expect(inputOf("text", "")).toBeNull();
    expect(inputOf("number", "  ")).toBeNull();
    expect(inputOf("multi_choice", [])).toBeNull();
  });

  it("sends what was typed, trimmed except for free text", () => {
    expect(inputOf("number", " 12.5 ")).toBe("12.5");
    expect(inputOf("text", " 東京 ")).toBe(" 東京 ");
    expect(inputOf("multi_choice", ["服"])).toEqual(["服"]);
  });

  it("starts from the stored value", () => {
    expect(draftOf("number", 1200)).toBe("1200");
    expect(draftOf("multi_choice", ["服", "靴"])).toEqual(["服", "靴"]);
    expect(draftOf("date", null)).toBe("");
  });

  it("shows lists the Japanese way and numbers with separators", () => {
    expect(formatFieldValue(["服", "靴"], "ja")).toBe("服、靴");
    expect(formatFieldValue(12345.5, "ja")).toBe("12,345.5");
  });
});
