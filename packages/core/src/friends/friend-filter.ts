import { z } from "zod";
import {
  type CustomFieldType,
  type FieldDefinition,
  parseDay,
  parseNumber,
} from "./custom-fields.ts";

/**
 * Which friends a list, a bulk edit or an export is about. Every part is optional and
 * the parts combine with AND; an empty filter is every friend of the channel. Shared by
 * the API (parsed from JSON) and the admin UI (built by the filter bar).
 */
const id = z.uuid();

export const tagConditionSchema = z.object({
  /** any: has at least one of the tags; all: has every one; none: has none of them. */
  match: z.enum(["any", "all", "none"]),
  tagIds: z.array(id).min(1).max(50),
});
export type TagCondition = z.infer<typeof tagConditionSchema>;

const fieldId = id;
const operand = z.string().trim().min(1).max(200);

export const fieldConditionSchema = z.discriminatedUnion("op", [
  z.object({ fieldId, op: z.literal("is_set") }),
  z.object({ fieldId, op: z.literal("not_set") }),
  /** text, number, date, single choice. */
  z.object({ fieldId, op: z.literal("equals"), value: operand }),
  /** text: a part of the value, any case. */
  z.object({ fieldId, op: z.literal("contains"), value: operand }),
  /** number and date: strictly greater (later) or less (earlier). */
  z.object({ fieldId, op: z.literal("gt"), value: operand }),
  z.object({ fieldId, op: z.literal("lt"), value: operand }),
  /** number and date: from and to included. */
  z.object({ fieldId, op: z.literal("between"), from: operand, to: operand }),
  /** single and multi choice: the value is (or holds) at least one of the choices. */
  z.object({
    fieldId,
    op: z.literal("includes"),
    choices: z.array(z.string().min(1).max(100)).min(1).max(100),
  }),
]);
export type FieldCondition = z.infer<typeof fieldConditionSchema>;
export type FieldOperator = FieldCondition["op"];

/** An inflow route's id, or "none" for friends who came through no route. */
export const routeRefSchema = z.union([id, z.literal("none")]);

export const friendFilterSchema = z.strictObject({
  status: z.enum(["following", "blocked"]).optional(),
  /** A part of the display name. */
  search: z.string().trim().max(100).optional(),
  tags: z.array(tagConditionSchema).max(10).optional(),
  fields: z.array(fieldConditionSchema).max(10).optional(),
  link: z.enum(["linked", "not_linked"]).optional(),
  /** Came through any of these routes. */
  routes: z.array(routeRefSchema).min(1).max(50).optional(),
});
export type FriendFilter = z.infer<typeof friendFilterSchema>;

/** The operators that make sense for each field type, in the order a UI offers them. */
export const FIELD_OPERATORS: Record<CustomFieldType, readonly FieldOperator[]> = {
  text: ["equals", "contains", "is_set", "not_set"],
  number: ["equals", "gt", "lt", "between", "is_set", "not_set"],
  date: ["equals", "gt", "lt", "between", "is_set", "not_set"],
  single_choice: ["includes", "equals", "is_set", "not_set"],
  multi_choice: ["includes", "is_set", "not_set"],
};

export interface FilterProblem {
  /** Where in the filter, e.g. `fields.0.value`. */
  path: string;
  message: string;
}

/** A field condition with the type of its field, ready to compile. */
export type TypedFieldCondition = FieldCondition & { fieldType: CustomFieldType };

/**
 * Checks the field conditions of a filter against the channel's field definitions:
 * the field exists, the operator suits its type, and every operand parses as that type.
 */
export function checkFieldConditions(
  conditions: readonly FieldCondition[],
  fields: ReadonlyMap<string, FieldDefinition>,
): { ok: true; conditions: TypedFieldCondition[] } | { ok: false; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const typed: TypedFieldCondition[] = [];
  for (const [index, condition] of conditions.entries()) {
    const at = `fields.${index}`;
    const field = fields.get(condition.fieldId);
    if (!field) {
      problems.push({ path: `${at}.fieldId`, message: "no such field in this channel" });
      continue;
    }
    if (!FIELD_OPERATORS[field.type].includes(condition.op)) {
      problems.push({
        path: `${at}.op`,
        message: `"${condition.op}" does not apply to ${field.type} field "${field.label}"; use one of ${FIELD_OPERATORS[field.type].join(", ")}`,
      });
      continue;
    }
    const before = problems.length;
    const check = (path: string, value: string) => {
      const problem = operandProblem(field, value);
      if (problem) problems.push({ path: `${at}.${path}`, message: problem });
    };
    switch (condition.op) {
      case "is_set":
      case "not_set":
        break;
      case "equals":
      case "gt":
      case "lt":
        if (field.type !== "text") check("value", condition.value);
        break;
      case "contains":
        break;
      case "between": {
        check("from", condition.from);
        check("to", condition.to);
        if (
          problems.length === before &&
          compareOperands(field.type, condition.from, condition.to) > 0
        )
          problems.push({ path: `${at}.to`, message: "must not be before from" });
        break;
      }
      case "includes":
        for (const [i, choice] of condition.choices.entries()) check(`choices.${i}`, choice);
        break;
      default:
        condition satisfies never;
    }
    if (problems.length === before) typed.push({ ...condition, fieldType: field.type });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, conditions: typed };
}

function operandProblem(field: FieldDefinition, value: string): string | null {
  switch (field.type) {
    case "text":
      return null;
    case "number":
      return parseNumber(value) === null ? `"${value}" is not a number` : null;
    case "date":
      return parseDay(value) === null ? `"${value}" is not a date (YYYY-MM-DD)` : null;
    case "single_choice":
    case "multi_choice":
      return field.choices?.includes(value)
        ? null
        : `"${value}" is not a choice of "${field.label}"`;
    default:
      return field.type satisfies never;
  }
}

function compareOperands(type: CustomFieldType, a: string, b: string): number {
  if (type === "number") return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the filter selects every friend of the channel. */
export function isEmptyFilter(filter: FriendFilter): boolean {
  return (
    !filter.status &&
    !filter.search &&
    !filter.tags?.length &&
    !filter.fields?.length &&
    !filter.link &&
    !filter.routes?.length
  );
}
