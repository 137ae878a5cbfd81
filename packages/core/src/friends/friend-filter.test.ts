import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "./custom-fields.ts";
import { checkFieldConditions, friendFilterSchema } from "./friend-filter.ts";

const RANK = "00000000-0000-4000-8000-000000000001";
const BIRTHDAY = "00000000-0000-4000-8000-000000000002";
const MEMO = "00000000-0000-4000-8000-000000000003";
const fields = new Map<string, FieldDefinition>([
  [RANK, { label: "ランク", type: "single_choice", choices: ["gold", "silver"] }],
  [BIRTHDAY, { label: "誕生日", type: "date", choices: null }],
  [MEMO, { label: "メモ", type: "text", choices: null }],
]);

describe("friend filter", () => {
  it("parses a filter the filter bar builds", () => {
    const parsed = friendFilterSchema.parse({
      status: "following",
      tags: [{ match: "none", tagIds: [RANK] }],
      fields: [{ fieldId: BIRTHDAY, op: "between", from: "1990-01-01", to: "1999-12-31" }],
      link: "linked",
      routes: ["none"],
    });
    expect(parsed.fields?.[0]).toMatchObject({ op: "between" });
  });

  it("refuses parts it does not know", () => {
    expect(friendFilterSchema.safeParse({ colour: "red" }).success).toBe(false);
    expect(
      friendFilterSchema.safeParse({ tags: [{ match: "some", tagIds: [RANK] }] }).success,
    ).toBe(false);
  });

  it("checks each field condition against its field, precisely", () => {
    const result = checkFieldConditions(
      [
        { fieldId: RANK, op: "gt", value: "gold" },
        { fieldId: BIRTHDAY, op: "between", from: "1990-01-01", to: "1990-02-30" },
        { fieldId: RANK, op: "includes", choices: ["gold", "platinum"] },
        { fieldId: "00000000-0000-4000-8000-000000000009", op: "is_set" },
        { fieldId: BIRTHDAY, op: "between", from: "2000-01-01", to: "1990-01-01" },
      ],
      fields,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: "fields.0.op",
          message:
            '"gt" does not apply to single_choice field "ランク"; use one of includes, equals, is_set, not_set',
        },
        { path: "fields.1.to", message: '"1990-02-30" is not a date (YYYY-MM-DD)' },
        { path: "fields.2.choices.1", message: '"platinum" is not a choice of "ランク"' },
        { path: "fields.3.fieldId", message: "no such field in this channel" },
        { path: "fields.4.to", message: "must not be before from" },
      ],
    });
  });

  it("types the conditions it accepts", () => {
    expect(checkFieldConditions([{ fieldId: MEMO, op: "contains", value: "VIP" }], fields)).toEqual(
      {
        ok: true,
        conditions: [{ fieldId: MEMO, op: "contains", value: "VIP", fieldType: "text" }],
      },
    );
  });
});
