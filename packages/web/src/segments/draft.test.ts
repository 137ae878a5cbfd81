import { segmentDefinitionSchema } from "@kizuna/core/segments";
import { describe, expect, it } from "vitest";
import {
  type DraftGroup,
  fromDefinition,
  keyOfPath,
  newGroup,
  newProperty,
  newRow,
  toDefinition,
} from "./draft.ts";

const TAG = "11111111-1111-4111-8111-111111111111";

describe("the builder's draft", () => {
  it("turns complete rows into a definition and leaves half-filled ones out, marked", () => {
    const age = { ...newRow("member:age", "gte"), value: "20" };
    const unfinished = newRow("member:prefecture", "includes");
    const vip = { ...newRow("tag", "any"), choices: [TAG], exclude: true };
    const purchases = {
      ...newRow("event"),
      value: "purchase",
      window: { type: "last" as const, amount: "30", unit: "days" as const, from: "", to: "" },
      count: { op: "at_least" as const, value: "2" },
      where: [{ ...newProperty(), property: "amount", op: "gte" as const, value: "5000" }],
    };
    const root: DraftGroup = newGroup("all", [age, unfinished, newGroup("any", [vip, purchases])]);
    const { definition, incomplete, paths } = toDefinition(root);
    expect(definition).toEqual({
      version: 1,
      root: {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "member", field: "age", op: "gte", value: "20" },
          {
            kind: "group",
            match: "any",
            conditions: [
              { kind: "not", condition: { kind: "tag", match: "any", tagIds: [TAG] } },
              {
                kind: "event",
                type: "purchase",
                where: [{ property: "amount", op: "gte", value: 5000 }],
                window: { type: "last", amount: 30, unit: "days" },
                count: { op: "at_least", value: 2 },
              },
            ],
          },
        ],
      },
    });
    expect(segmentDefinitionSchema.safeParse(definition).success).toBe(true);
    expect([...incomplete]).toEqual([unfinished.key]);
    // A problem the server places inside a row is shown on that row.
    expect(keyOfPath(paths, "/definition/root/conditions/1/conditions/0/condition/tagIds/0")).toBe(
      vip.key,
    );
    expect(keyOfPath(paths, "/definition/root/conditions/1/conditions/1/window/amount")).toBe(
      purchases.key,
    );
    expect(keyOfPath(paths, "/definition/root/conditions/0/value")).toBe(age.key);
  });

  it("reads a saved definition back into rows and groups, exclusions as ticks", () => {
    const definition = {
      version: 1 as const,
      root: {
        kind: "group" as const,
        match: "any" as const,
        conditions: [
          { kind: "not" as const, condition: { kind: "link" as const, status: "linked" as const } },
          {
            kind: "message" as const,
            action: "clicked" as const,
            window: { type: "between" as const, from: "2024-06-01" },
          },
        ],
      },
    };
    const draft = fromDefinition(definition);
    expect(draft.match).toBe("any");
    expect(draft.children.map((c) => [c.type, c.exclude])).toEqual([
      ["row", true],
      ["row", false],
    ]);
    expect(toDefinition(draft).definition).toEqual(definition);
  });

  it("leaves out a nested group none of whose rows is complete yet", () => {
    const root = newGroup("all", [newGroup("any", [newRow("member:gender", "includes")])]);
    expect(toDefinition(root).definition.root).toEqual({
      kind: "group",
      match: "all",
      conditions: [],
    });
  });
});
