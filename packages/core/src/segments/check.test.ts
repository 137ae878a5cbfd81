import { describe, expect, it } from "vitest";
import { checkSegment, type SegmentCatalog } from "./check.ts";
import { type SegmentDefinition, type SegmentNode, segmentDefinitionSchema } from "./definition.ts";

const TAG = "11111111-1111-4111-8111-111111111111";
const FIELD = "22222222-2222-4222-8222-222222222222";
const PLAN = "33333333-3333-4333-8333-333333333333";
const A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const C = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

const definition = (root: SegmentNode): SegmentDefinition => ({ version: 1, root });
const ref = (segmentId: string): SegmentNode => ({ kind: "segment", segmentId });

function catalog(segments: Record<string, SegmentNode> = {}): SegmentCatalog {
  return {
    tags: new Set([TAG]),
    fields: new Map([
      [FIELD, { label: "来店回数", type: "number", choices: null }],
      [PLAN, { label: "プラン", type: "single_choice", choices: ["basic", "premium"] }],
    ]),
    routes: new Set(),
    attributes: new Map([["vip", { key: "vip", label: "VIP", type: "boolean", choices: null }]]),
    campaigns: new Set(),
    lists: new Map(),
    segments: new Map(
      Object.entries(segments).map(([id, root]) => [
        id,
        { name: `segment ${id.slice(0, 1)}`, definition: definition(root) },
      ]),
    ),
  };
}

describe("checking a segment against its channel", () => {
  it("places each problem on the path of the node that is wrong", () => {
    const result = checkSegment(
      definition({
        kind: "group",
        match: "all",
        conditions: [
          { kind: "tag", match: "any", tagIds: [TAG, UNKNOWN] },
          { kind: "field", fieldId: FIELD, op: "contains", value: "3" },
          {
            kind: "group",
            match: "any",
            conditions: [
              { kind: "field", fieldId: UNKNOWN, op: "is_set" },
              { kind: "field", fieldId: PLAN, op: "equals", value: "gold" },
              { kind: "member", field: "age", op: "between", from: "40", to: "20" },
            ],
          },
          {
            kind: "not",
            condition: {
              kind: "followed",
              window: { type: "between", from: "2024-02-30", to: "2024-03-01" },
            },
          },
          { kind: "member_attribute", key: "rank_x", op: "is_set" },
          { kind: "member_attribute", key: "vip", op: "equals", value: "yes" },
        ],
      }),
      catalog(),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: "root.conditions.0.tagIds.1", code: "unknown_tag", message: expect.any(String) },
        {
          path: "root.conditions.1.op",
          code: "operator_not_applicable",
          message: expect.stringContaining(
            '"contains" does not apply to number values ("来店回数")',
          ),
        },
        {
          path: "root.conditions.2.conditions.0.fieldId",
          code: "unknown_field",
          message: expect.any(String),
        },
        {
          path: "root.conditions.2.conditions.1.value",
          code: "invalid_operand",
          message: '"gold" is not one of the choices',
        },
        {
          path: "root.conditions.2.conditions.2.to",
          code: "invalid_range",
          message: "must not be less than from",
        },
        {
          path: "root.conditions.3.condition.window.from",
          code: "invalid_operand",
          message: '"2024-02-30" is not a date',
        },
        {
          path: "root.conditions.4.key",
          code: "unknown_attribute",
          message: 'no member attribute "rank_x"',
        },
        {
          path: "root.conditions.5.value",
          code: "invalid_operand",
          message: "must be true or false",
        },
      ],
    });
  });

  it("reads operands as their type: canonical numbers, whole ages", () => {
    const result = checkSegment(
      definition({
        kind: "group",
        match: "all",
        conditions: [
          { kind: "field", fieldId: FIELD, op: "gte", value: "007.50" },
          { kind: "member", field: "age", op: "gte", value: "20.5" },
        ],
      }),
      catalog(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        path: "root.conditions.1.value",
        code: "invalid_operand",
        message: '"20.5" is not a whole number',
      },
    ]);
    const ok = checkSegment(
      definition({ kind: "field", fieldId: FIELD, op: "gte", value: "007.50" }),
      catalog(),
    );
    expect(ok).toEqual({
      ok: true,
      root: { kind: "field", fieldId: FIELD, op: "gte", value: "7.5", valueType: "number" },
    });
  });

  it("inlines a referenced segment, and refuses one that leads back to the segment being saved", () => {
    const inlined = checkSegment(
      definition({ kind: "not", condition: ref(A) }),
      catalog({ [A]: { kind: "tag", match: "none", tagIds: [TAG] } }),
    );
    expect(inlined).toEqual({
      ok: true,
      root: {
        kind: "not",
        condition: {
          kind: "segment",
          segmentId: A,
          definition: { kind: "tag", match: "none", tagIds: [TAG] },
        },
      },
    });

    // C is being saved as "not A"; A refers to B, and B to C.
    const cycle = checkSegment(
      definition({ kind: "not", condition: ref(A) }),
      catalog({ [A]: ref(B), [B]: { kind: "group", match: "any", conditions: [ref(C)] } }),
      { self: { id: C, name: "除外リスト" } },
    );
    expect(cycle).toEqual({
      ok: false,
      problems: [
        {
          path: "root.condition.segmentId",
          code: "segment_cycle",
          message:
            'segments may not refer to themselves: "除外リスト" → "segment a" → "segment b" → "除外リスト"',
        },
      ],
    });
    expect(
      checkSegment(definition(ref(C)), catalog(), { self: { id: C, name: "自分" } }),
    ).toMatchObject({ ok: false, problems: [{ code: "segment_cycle" }] });
  });

  it("reports a referenced segment that no longer checks on the reference", () => {
    const result = checkSegment(
      definition({ kind: "group", match: "all", conditions: [ref(A)] }),
      catalog({ [A]: { kind: "tag", match: "any", tagIds: [UNKNOWN] } }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: "root.conditions.0.segmentId",
          code: "invalid_segment_reference",
          message: 'segment "segment a" cannot be used: root.tagIds.0: no such tag in this channel',
        },
      ],
    });
  });

  it("refuses trees nested deeper than the limit", () => {
    let root: SegmentNode = { kind: "link", status: "linked" };
    for (let i = 0; i < 9; i++) root = { kind: "not", condition: root };
    const result = checkSegment(definition(root), catalog());
    expect(result).toMatchObject({ ok: false, problems: [{ code: "too_deep" }] });
  });
});

describe("the definition schema", () => {
  it("names the path of a malformed node", () => {
    const parsed = segmentDefinitionSchema.safeParse({
      version: 1,
      root: {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "event", type: "purchase", count: { op: "at_least", value: 2 } },
          { kind: "field", fieldId: FIELD, op: "between", from: "1" },
          { kind: "shoe_size" },
        ],
      },
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["root.conditions.1.to", "root.conditions.2.kind"]);
  });

  it("reads numbers given as operands as text", () => {
    const parsed = segmentDefinitionSchema.parse({
      version: 1,
      root: { kind: "member", field: "points", op: "gte", value: 100 },
    });
    expect(parsed.root).toEqual({ kind: "member", field: "points", op: "gte", value: "100" });
  });
});
