import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MemberAttributeDefinition } from "./attributes.ts";
import { type ImportPlan, planImport, suggestMapping } from "./mapping.ts";
import { memberFromInput } from "./member-values.ts";
import { ROW_ERROR_CODES, rowErrorMessage } from "./row-errors.ts";
import { validateMemberRow } from "./row-validator.ts";

const TODAY = "2026-01-15";
const attributes: MemberAttributeDefinition[] = [
  { key: "member_since", label: "入会日", type: "date", choices: null },
  { key: "newsletter", label: "メルマガ", type: "boolean", choices: null },
  { key: "store", label: "店舗", type: "choice", choices: ["渋谷店", "梅田店"] },
  { key: "spend", label: "累計購入額", type: "number", choices: null },
];
const definitions = new Map(attributes.map((a) => [a.key, a]));

const HEADERS = [
  "会員番号",
  "メールアドレス",
  "電話番号",
  "氏名",
  "生年月日",
  "性別",
  "都道府県",
  "ランク",
  "ポイント",
  "入会日",
  "メルマガ",
  "店舗",
  "累計購入額",
  "備考",
];

function plan(): ImportPlan {
  const result = planImport(HEADERS, suggestMapping(HEADERS, attributes), definitions);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

/** A good row, with each cell written in one of the ways people write it. */
const goodRow = fc.record({
  externalId: fc.stringMatching(/^[A-Z]{1,3}\d{1,10}$/),
  email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,15}$/), fc.boolean()),
  phone: fc.tuple(fc.stringMatching(/^\d{8}$/), fc.constantFrom("090-", "+81 90-", "０９０")),
  name: fc.constantFrom("山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "Taro Yamada"),
  birthday: fc.date({
    min: new Date("1930-01-01"),
    max: new Date("2020-12-31"),
    noInvalidDate: true,
  }),
  gender: fc.constantFrom("男性", "女性", "F", "male", "不明", ""),
  prefecture: fc.constantFrom("東京都", "大阪", "Hokkaido", "13", ""),
  rank: fc.constantFrom("ゴールド", "silver", ""),
  points: fc.nat({ max: 10_000_000 }),
  memberSince: fc.constantFrom("2020/4/1", "令和2年4月1日", ""),
  newsletter: fc.constantFrom("はい", "いいえ", "1", "0", ""),
  store: fc.constantFrom("渋谷店", "梅田店", ""),
  spend: fc.constantFrom("1,234", "0", "12.5", ""),
  note: fc.string({ maxLength: 30 }),
});

type Good = typeof goodRow extends fc.Arbitrary<infer T> ? T : never;

function cellsOf(row: Good): string[] {
  const [local, upper] = row.email;
  const [digits, head] = row.phone;
  return [
    row.externalId,
    `${upper ? local.toUpperCase() : local}@Example.jp`,
    `${head}${digits.slice(0, 4)}-${digits.slice(4)}`,
    row.name,
    row.birthday.toISOString().slice(0, 10).replaceAll("-", "/"),
    row.gender,
    row.prefecture,
    row.rank,
    row.points.toLocaleString("en-US"),
    row.memberSince,
    row.newsletter,
    row.store,
    row.spend,
    row.note,
  ];
}

describe("validating a member row", () => {
  it("accepts good rows, however their cells are written, in normalized form", () => {
    fc.assert(
      fc.property(goodRow, (row) => {
        const result = validateMemberRow(cellsOf(row), plan(), TODAY);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const { member } = result;
        expect(member.externalId).toBe(row.externalId);
        expect(member.fields.email).toBe(`${row.email[0]}@example.jp`);
        expect(member.fields.phone).toBe(`090${row.phone[0]}`);
        expect(member.fields.points).toBe(row.points);
        expect(member.fields.birthday).toBe(row.birthday.toISOString().slice(0, 10));
        // An empty cell clears the field; the unmapped 備考 column is not read.
        expect(member.fields.gender === null).toBe(row.gender === "");
        expect(Object.keys(member.fields).sort()).toEqual(
          ["birthday", "email", "gender", "name", "phone", "points", "prefecture", "rank"].sort(),
        );
        expect(Object.keys(member.attributes).sort()).toEqual(
          ["member_since", "newsletter", "spend", "store"].sort(),
        );
      }),
    );
  });

  const corruptions: Record<number, { field: string; bad: fc.Arbitrary<string> }> = {
    0: { field: "externalId", bad: fc.constantFrom("", "  ", "x".repeat(101)) },
    1: { field: "email", bad: fc.constantFrom("taro", "taro@", "@example.jp", "a b@c.jp") },
    2: { field: "phone", bad: fc.constantFrom("12345", "090-1234-567", "phone") },
    4: { field: "birthday", bad: fc.constantFrom("1990-02-30", "2090-01-01", "yesterday") },
    5: { field: "gender", bad: fc.constantFrom("X", "どちらでも") },
    6: { field: "prefecture", bad: fc.constantFrom("東", "48", "Texas") },
    8: { field: "points", bad: fc.constantFrom("-5", "1.5", "たくさん", "9999999999") },
    9: { field: "attributes.member_since", bad: fc.constantFrom("2020-13-01", "去年") },
    10: { field: "attributes.newsletter", bad: fc.constantFrom("maybe", "2") },
    11: { field: "attributes.store", bad: fc.constantFrom("新宿店", "渋谷") },
    12: { field: "attributes.spend", bad: fc.constantFrom("abc", "1e999") },
  };

  it("reports every bad cell of a row, each with its field, and only those", () => {
    const corrupted = fc.uniqueArray(fc.constantFrom(...Object.keys(corruptions).map(Number)), {
      minLength: 1,
    });
    const badCells = corrupted.chain((indexes) =>
      fc.tuple(fc.constant(indexes), fc.tuple(...indexes.map((i) => corruptions[i]!.bad))),
    );
    fc.assert(
      fc.property(goodRow, badCells, (row, [indexes, values]) => {
        const cells = cellsOf(row);
        indexes.forEach((index, n) => {
          cells[index] = values[n]!;
        });
        const result = validateMemberRow(cells, plan(), TODAY);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors.map((e) => e.field).sort()).toEqual(
          indexes.map((i) => corruptions[i]!.field).sort(),
        );
        for (const error of result.errors) {
          expect(ROW_ERROR_CODES).toContain(error.code);
          expect(error.messageKey).toBe(`rowErrors.${error.code}`);
          expect(rowErrorMessage(error, "ja")).not.toContain("{{");
        }
      }),
    );
  });

  it("never throws, whatever the cells hold", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 20 }), (cells) => {
        const result = validateMemberRow(cells, plan(), TODAY);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        if (cells.length !== HEADERS.length) {
          expect(result).toEqual({
            ok: false,
            errors: [{ code: "column_count", field: "row", messageKey: "rowErrors.column_count" }],
          });
        }
      }),
    );
  });

  it("refuses birthdays after today", () => {
    const cells = HEADERS.map(() => "");
    cells[0] = "M1";
    cells[4] = "2026-01-16";
    const result = validateMemberRow(cells, plan(), TODAY);
    expect(result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "birthday:date_out_of_range",
    ]);
  });
});

describe("planning an import", () => {
  it("suggests targets from Japanese and English headers, each target once", () => {
    expect(
      suggestMapping(
        [
          "Member ID",
          "E-mail",
          "TEL",
          "お名前",
          "誕生日",
          "Sex",
          "都道府県",
          "会員ランク",
          "保有ポイント",
          "メール",
        ],
        [],
      ),
    ).toEqual({
      "Member ID": "externalId",
      "E-mail": "email",
      TEL: "phone",
      お名前: "name",
      誕生日: "birthday",
      Sex: "gender",
      都道府県: "prefecture",
      会員ランク: "rank",
      保有ポイント: "points",
    });
  });

  it("refuses a mapping without the external id, or with a target twice", () => {
    const result = planImport(
      ["a", "b", "c"],
      { a: "email", b: "email", c: "attributes.nope" },
      definitions,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: "duplicate_target", target: "email" },
        { code: "unknown_attribute", target: "attributes.nope" },
        { code: "external_id_unmapped" },
      ],
    });
  });
});

describe("a member sent through the API", () => {
  it("is normalized like a CSV row and checked against the attribute definitions", () => {
    expect(
      memberFromInput(
        "M1",
        {
          email: " A@Example.JP",
          phone: "+81 90-1111-2222",
          attributes: { store: "渋谷店", spend: 10 },
        },
        definitions,
        TODAY,
      ),
    ).toEqual({
      ok: true,
      member: {
        externalId: "M1",
        fields: { email: "a@example.jp", phone: "09011112222" },
        attributes: { store: "渋谷店", spend: 10 },
      },
    });
    const refused = memberFromInput(
      "M1",
      { email: "nope", attributes: { spend: "10", hobby: "golf" } },
      definitions,
      TODAY,
    );
    expect(refused.ok ? [] : refused.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "email:invalid_email",
      "attributes.spend:invalid_type",
      "attributes.hobby:unknown_attribute",
    ]);
  });
});
