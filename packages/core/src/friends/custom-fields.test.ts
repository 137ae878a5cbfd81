import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalNumber,
  customFieldCreateSchema,
  type FieldDefinition,
  parseDay,
  parseFieldValue,
} from "./custom-fields.ts";

const field = (
  type: FieldDefinition["type"],
  choices: string[] | null = null,
): FieldDefinition => ({
  label: "会員ランク",
  type,
  choices,
});

describe("custom field values", () => {
  it("accepts a value of the field's type, in the form it is stored", () => {
    expect(parseFieldValue(field("text"), "東京都")).toEqual({
      ok: true,
      value: { type: "text", text: "東京都" },
    });
    expect(parseFieldValue(field("number"), 12.5)).toEqual({
      ok: true,
      value: { type: "number", number: "12.5" },
    });
    expect(parseFieldValue(field("number"), " -3 ")).toEqual({
      ok: true,
      value: { type: "number", number: "-3" },
    });
    expect(parseFieldValue(field("date"), "2024-02-29")).toEqual({
      ok: true,
      value: { type: "date", date: "2024-02-29" },
    });
    expect(parseFieldValue(field("single_choice", ["gold", "silver"]), "gold")).toEqual({
      ok: true,
      value: { type: "single_choice", choice: "gold" },
    });
  });

  it("keeps multiple choices once each, in the order of the definition", () => {
    expect(parseFieldValue(field("multi_choice", ["a", "b", "c"]), ["c", "a", "c"])).toEqual({
      ok: true,
      value: { type: "multi_choice", choices: ["a", "c"] },
    });
  });

  it("clears the field with null", () => {
    expect(parseFieldValue(field("number"), null)).toEqual({ ok: true, value: null });
  });

  it("says which value is wrong and what was expected", () => {
    const bad = (result: ReturnType<typeof parseFieldValue>) => (result.ok ? "" : result.message);
    expect(bad(parseFieldValue(field("number"), "12円"))).toBe(
      '"会員ランク" expects a number (up to 15 digits before the decimal point and 6 after), got "12円"',
    );
    expect(bad(parseFieldValue(field("date"), "2023-02-29"))).toContain("a date (YYYY-MM-DD)");
    expect(bad(parseFieldValue(field("single_choice", ["gold", "silver"]), "bronze"))).toBe(
      '"会員ランク" expects one of "gold", "silver", got "bronze"',
    );
    expect(bad(parseFieldValue(field("multi_choice", ["a"]), ["a", "z"]))).toContain(
      'choices among "a"',
    );
    expect(bad(parseFieldValue(field("text"), 42))).toContain("expects text");
    expect(bad(parseFieldValue(field("text"), "  "))).toContain("send null to clear");
    expect(bad(parseFieldValue(field("number"), 1e21))).toContain("expects a number");
  });

  it("reads every real calendar day and nothing else", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }),
        (date) => {
          const day = date.toISOString().slice(0, 10);
          expect(parseDay(day)).toBe(day);
        },
      ),
    );
    for (const wrong of ["2023-13-01", "2023-04-31", "2023-4-1", "20230401", "2023-04-01T00:00"])
      expect(parseDay(wrong)).toBeNull();
  });
});

describe("custom field definitions", () => {
  it("require choices for choice fields and refuse them for others", () => {
    expect(
      customFieldCreateSchema.safeParse({ key: "rank", label: "ランク", type: "single_choice" })
        .success,
    ).toBe(false);
    expect(
      customFieldCreateSchema.safeParse({
        key: "age",
        label: "年齢",
        type: "number",
        choices: ["1"],
      }).success,
    ).toBe(false);
    expect(
      customFieldCreateSchema.safeParse({ key: "Rank", label: "ランク", type: "text" }).success,
    ).toBe(false);
  });
});

describe("numbers", () => {
  it("are spelled one way, as PostgreSQL's numeric compares them", () => {
    expect(canonicalNumber("007.500")).toBe("7.5");
    expect(canonicalNumber("-0.0")).toBe("0");
    expect(canonicalNumber("100")).toBe("100");
    expect(canonicalNumber("-0.50")).toBe("-0.5");
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(999999), (whole, micro) => {
        const text = `${whole}.${String(micro).padStart(6, "0")}`;
        expect(Number(canonicalNumber(text))).toBe(Number(text));
      }),
    );
  });
});
