import { type FieldDefinition, parseDay, parseNumber } from "../friends/custom-fields.ts";
import type { MemberAttributeDefinition } from "../members/attributes.ts";
import { compareDecimals } from "./decimal.ts";
import {
  type CountTest,
  type EventCondition,
  type ListCondition,
  type MemberAttributeCondition,
  type MemberCondition,
  SEGMENT_LIMITS,
  type SegmentCondition,
  type SegmentDefinition,
  type SegmentFieldCondition,
  type SegmentNode,
  type SegmentRefCondition,
  type TimeWindow,
  type ValueTest,
} from "./definition.ts";
import {
  attributeValueType,
  fieldValueType,
  memberFieldType,
  SEGMENT_OPERATORS,
  type ValueType,
} from "./value-types.ts";

export type ListIdKind = "external_id" | "line_user_id";

/**
 * What a definition may name in a channel: the checker looks names up here. The database
 * side loads only what a definition refers to (see `segmentReferences`).
 */
/** A saved segment a definition refers to, as the catalog holds it. */
export type SavedSegmentEntry =
  | { name: string; definition: SegmentDefinition }
  /** Saved by an older version with a condition since withdrawn: why it cannot be read. */
  | { name: string; definition: null; unreadable: string };

export interface SegmentCatalog {
  tags: ReadonlySet<string>;
  fields: ReadonlyMap<string, FieldDefinition>;
  routes: ReadonlySet<string>;
  attributes: ReadonlyMap<string, MemberAttributeDefinition>;
  campaigns: ReadonlySet<string>;
  lists: ReadonlyMap<string, { name: string; idKind: ListIdKind }>;
  /** Saved segments of the channel that the definition refers to, directly or through others. */
  segments: ReadonlyMap<string, SavedSegmentEntry>;
}

/** What is wrong, and where: `path` names the offending node's part, as `root.conditions.0.op`. */
export interface SegmentProblem {
  path: string;
  code: SegmentProblemCode;
  message: string;
}

export type SegmentProblemCode =
  | "unknown_tag"
  | "unknown_field"
  | "unknown_route"
  | "unknown_attribute"
  | "unknown_campaign"
  | "unknown_list"
  | "unknown_segment"
  | "invalid_segment_reference"
  | "segment_cycle"
  | "operator_not_applicable"
  | "invalid_operand"
  | "invalid_range"
  | "too_deep"
  | "too_many_conditions";

/** A value test with the type it compares, its operands read as that type. */
type Typed<C> = C & { valueType: ValueType };

/**
 * A definition checked against its channel: every name exists, operators suit their types,
 * operands are canonical (numbers as `numeric` writes them, days as `YYYY-MM-DD`), and
 * references to other segments are replaced by their checked trees. Only this is compiled.
 */
export type CheckedNode =
  | { kind: "group"; match: "all" | "any"; conditions: CheckedNode[] }
  | { kind: "not"; condition: CheckedNode }
  | CheckedCondition;

export type CheckedCondition =
  | Typed<MemberCondition>
  | Typed<MemberAttributeCondition>
  | Typed<SegmentFieldCondition>
  | (ListCondition & { idKind: ListIdKind })
  | (SegmentRefCondition & { definition: CheckedNode })
  | Exclude<
      SegmentCondition,
      { kind: "member" | "member_attribute" | "field" | "list" | "segment" }
    >;

export type SegmentCheck =
  | { ok: true; root: CheckedNode }
  | { ok: false; problems: SegmentProblem[] };

export interface CheckOptions {
  /** The saved segment being written, whose references must not lead back to it. */
  self?: { id: string; name: string };
}

/** Every name a definition uses, so that the catalog can be loaded in a few queries. */
export interface SegmentReferences {
  tagIds: Set<string>;
  fieldIds: Set<string>;
  routeIds: Set<string>;
  attributeKeys: Set<string>;
  campaignIds: Set<string>;
  listIds: Set<string>;
  segmentIds: Set<string>;
}

export function segmentReferences(
  root: SegmentNode,
  into: SegmentReferences = {
    tagIds: new Set(),
    fieldIds: new Set(),
    routeIds: new Set(),
    attributeKeys: new Set(),
    campaignIds: new Set(),
    listIds: new Set(),
    segmentIds: new Set(),
  },
): SegmentReferences {
  switch (root.kind) {
    case "group":
      for (const child of root.conditions) segmentReferences(child, into);
      break;
    case "not":
      segmentReferences(root.condition, into);
      break;
    case "tag":
      for (const id of root.tagIds) into.tagIds.add(id);
      break;
    case "field":
      into.fieldIds.add(root.fieldId);
      break;
    case "inflow_route":
      for (const id of root.routeIds) if (id !== "none") into.routeIds.add(id);
      break;
    case "member_attribute":
      into.attributeKeys.add(root.key);
      break;
    case "message":
      if (root.campaignId) into.campaignIds.add(root.campaignId);
      break;
    case "list":
      into.listIds.add(root.listId);
      break;
    case "segment":
      into.segmentIds.add(root.segmentId);
      break;
    case "member":
    case "display_name":
    case "link":
    case "follow_status":
    case "followed":
    case "postback":
    case "rich_menu":
    case "form":
    case "event":
      break;
    default:
      root satisfies never;
  }
  return into;
}

/**
 * Checks a parsed definition against the channel's catalog. Every problem is reported, each
 * at the path of the part that is wrong, so that the builder can mark the very row.
 */
export function checkSegment(
  definition: SegmentDefinition,
  catalog: SegmentCatalog,
  options: CheckOptions = {},
): SegmentCheck {
  const problems: SegmentProblem[] = [];
  const context: Context = {
    catalog,
    problems,
    expanding: options.self ? [options.self.id] : [],
    names: new Map(options.self ? [[options.self.id, options.self.name]] : []),
    nodes: 0,
  };
  const root = checkNode(definition.root, "root", 1, context);
  return problems.length > 0 || root === null ? { ok: false, problems } : { ok: true, root };
}

interface Context {
  catalog: SegmentCatalog;
  problems: SegmentProblem[];
  /** Saved segments whose trees are being checked, outermost first: a cycle returns to one. */
  expanding: string[];
  names: Map<string, string>;
  nodes: number;
}

function checkNode(
  node: SegmentNode,
  path: string,
  depth: number,
  context: Context,
): CheckedNode | null {
  const problem = (at: string, code: SegmentProblemCode, message: string) => {
    context.problems.push({ path: at, code, message });
    return null;
  };
  context.nodes += 1;
  if (context.nodes === SEGMENT_LIMITS.nodes + 1)
    return problem(
      path,
      "too_many_conditions",
      `a segment holds at most ${SEGMENT_LIMITS.nodes} conditions and groups`,
    );
  if (depth > SEGMENT_LIMITS.depth)
    return problem(path, "too_deep", `groups nest at most ${SEGMENT_LIMITS.depth} deep`);
  const { catalog } = context;
  switch (node.kind) {
    case "group": {
      const conditions = node.conditions.map((child, i) =>
        checkNode(child, `${path}.conditions.${i}`, depth + 1, context),
      );
      return conditions.every((child) => child !== null)
        ? { kind: "group", match: node.match, conditions }
        : null;
    }
    case "not": {
      const condition = checkNode(node.condition, `${path}.condition`, depth + 1, context);
      return condition && { kind: "not", condition };
    }
    case "member": {
      const { type, choices, integer } = memberFieldType(node.field);
      const test = checkValueTest(node, type, choices, path, context, {
        integer: integer ?? false,
        ...(node.field === "age" ? { min: 0, max: 150 } : {}),
      });
      return test && { ...node, ...test, valueType: type };
    }
    case "member_attribute": {
      const attribute = catalog.attributes.get(node.key);
      if (!attribute)
        return problem(`${path}.key`, "unknown_attribute", `no member attribute "${node.key}"`);
      const type = attributeValueType(attribute.type);
      const test = checkValueTest(node, type, attribute.choices, path, context, {});
      return test && { ...node, ...test, valueType: type };
    }
    case "field": {
      const field = catalog.fields.get(node.fieldId);
      if (!field)
        return problem(`${path}.fieldId`, "unknown_field", "no such custom field in this channel");
      const type = fieldValueType(field.type);
      const test = checkValueTest(node, type, field.choices, path, context, {
        label: field.label,
      });
      return test && { ...node, ...test, valueType: type };
    }
    case "tag": {
      const before = context.problems.length;
      for (const [i, tagId] of node.tagIds.entries())
        if (!catalog.tags.has(tagId))
          problem(`${path}.tagIds.${i}`, "unknown_tag", "no such tag in this channel");
      return context.problems.length === before ? node : null;
    }
    case "inflow_route": {
      const before = context.problems.length;
      for (const [i, routeId] of node.routeIds.entries())
        if (routeId !== "none" && !catalog.routes.has(routeId))
          problem(`${path}.routeIds.${i}`, "unknown_route", "no such inflow route in this channel");
      return context.problems.length === before ? node : null;
    }
    case "display_name":
    case "link":
    case "follow_status":
      return node;
    case "followed":
      return checkWindow(node.window, `${path}.window`, context) ? node : null;
    case "message": {
      const before = context.problems.length;
      if (node.campaignId && !catalog.campaigns.has(node.campaignId))
        problem(`${path}.campaignId`, "unknown_campaign", "no such campaign in this channel");
      checkActivity(node, path, context);
      return context.problems.length === before ? node : null;
    }
    case "postback":
    case "rich_menu":
    case "form":
      return checkActivity(node, path, context) ? node : null;
    case "event": {
      const before = context.problems.length;
      checkActivity(node, path, context);
      checkProperties(node, path, context);
      return context.problems.length === before ? node : null;
    }
    case "list": {
      const list = catalog.lists.get(node.listId);
      if (!list)
        return problem(`${path}.listId`, "unknown_list", "no such uploaded list in this channel");
      return { ...node, idKind: list.idKind };
    }
    case "segment":
      return checkReference(node, path, depth, context);
    default:
      return node satisfies never;
  }
}

function checkReference(
  node: SegmentRefCondition,
  path: string,
  depth: number,
  context: Context,
): CheckedNode | null {
  const at = `${path}.segmentId`;
  const cycleStart = context.expanding.indexOf(node.segmentId);
  if (cycleStart >= 0) {
    const loop = [...context.expanding.slice(cycleStart), node.segmentId]
      .map((id) => `"${context.names.get(id) ?? id}"`)
      .join(" → ");
    context.problems.push({
      path: at,
      code: "segment_cycle",
      message: `segments may not refer to themselves: ${loop}`,
    });
    return null;
  }
  const saved = context.catalog.segments.get(node.segmentId);
  if (!saved) {
    context.problems.push({
      path: at,
      code: "unknown_segment",
      message: "no such saved segment in this channel",
    });
    return null;
  }
  if (!saved.definition) {
    context.problems.push({
      path: at,
      code: "invalid_segment_reference",
      message: `the saved segment 「${saved.name}」: ${saved.unreadable}`,
    });
    return null;
  }
  context.names.set(node.segmentId, saved.name);
  // The referenced tree is checked as a part of this one, so that its limits count here,
  // but its problems are reported on the reference: that is what the author can change.
  const inner: Context = {
    ...context,
    problems: [],
    expanding: [...context.expanding, node.segmentId],
  };
  const checked = checkNode(saved.definition.root, "root", depth + 1, inner);
  context.nodes = inner.nodes;
  if (checked) return { ...node, definition: checked };
  const cycle = inner.problems.find((p) => p.code === "segment_cycle");
  const first = cycle ?? inner.problems[0]!;
  context.problems.push({
    path: at,
    code: cycle ? "segment_cycle" : "invalid_segment_reference",
    message: cycle
      ? first.message
      : `segment "${saved.name}" cannot be used: ${first.path}: ${first.message}`,
  });
  return null;
}

interface OperandRules {
  /** Whole numbers only. */
  integer?: boolean;
  min?: number;
  max?: number;
  label?: string;
}

function checkValueTest(
  node: ValueTest,
  type: ValueType,
  choices: readonly string[] | null,
  path: string,
  context: Context,
  rules: OperandRules,
): ValueTest | null {
  const allowed = SEGMENT_OPERATORS[type];
  if (!allowed.includes(node.op)) {
    context.problems.push({
      path: `${path}.op`,
      code: "operator_not_applicable",
      message: `"${node.op}" does not apply to ${type} values${rules.label ? ` ("${rules.label}")` : ""}; use one of ${allowed.join(", ")}`,
    });
    return null;
  }
  const before = context.problems.length;
  const read = (at: string, text: string): string | null => {
    const result = readOperand(type, choices, text, rules);
    if (typeof result === "string") return result;
    context.problems.push({
      path: `${path}.${at}`,
      code: "invalid_operand",
      message: result.problem,
    });
    return null;
  };
  switch (node.op) {
    case "is_set":
    case "not_set":
      return node;
    case "contains":
      return node;
    case "equals":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const value = type === "text" ? node.value : read("value", node.value);
      return value === null ? null : { op: node.op, value };
    }
    case "between": {
      const from = read("from", node.from);
      const to = read("to", node.to);
      if (from === null || to === null) return null;
      if (compareOperands(type, from, to) > 0) {
        context.problems.push({
          path: `${path}.to`,
          code: "invalid_range",
          message: "must not be less than from",
        });
        return null;
      }
      return { op: "between", from, to };
    }
    case "includes": {
      const read_ = node.choices.map((choice, i) =>
        type === "text" ? choice : read(`choices.${i}`, choice),
      );
      if (context.problems.length > before) return null;
      return { op: "includes", choices: [...new Set(read_ as string[])] };
    }
    default:
      return node satisfies never;
  }
}

function readOperand(
  type: ValueType,
  choices: readonly string[] | null,
  text: string,
  rules: OperandRules,
): string | { problem: string } {
  switch (type) {
    case "text":
      return text;
    case "number": {
      const number = parseNumber(text);
      if (number === null) return { problem: `"${text}" is not a number` };
      if (rules.integer && number.includes("."))
        return { problem: `"${text}" is not a whole number` };
      const value = Number(number);
      if (rules.min !== undefined && value < rules.min)
        return { problem: `must be at least ${rules.min}` };
      if (rules.max !== undefined && value > rules.max)
        return { problem: `must be at most ${rules.max}` };
      return number;
    }
    case "date":
      return parseDay(text) ?? { problem: `"${text}" is not a date (YYYY-MM-DD)` };
    case "choice":
    case "multi_choice":
      return choices === null || choices.includes(text)
        ? text
        : { problem: `"${text}" is not one of the choices` };
    case "boolean":
      return text === "true" || text === "false" ? text : { problem: "must be true or false" };
    default:
      return type satisfies never;
  }
}

function compareOperands(type: ValueType, a: string, b: string): number {
  if (type === "number") return compareDecimals(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkWindow(window: TimeWindow, path: string, context: Context): boolean {
  if (window.type !== "between") return true;
  const before = context.problems.length;
  for (const end of ["from", "to"] as const) {
    const day = window[end];
    if (day !== undefined && parseDay(day) === null)
      context.problems.push({
        path: `${path}.${end}`,
        code: "invalid_operand",
        message: `"${day}" is not a date`,
      });
  }
  if (
    context.problems.length === before &&
    window.from !== undefined &&
    window.to !== undefined &&
    window.from > window.to
  )
    context.problems.push({
      path: `${path}.to`,
      code: "invalid_range",
      message: "must not be before from",
    });
  return context.problems.length === before;
}

function checkActivity(
  node: { window?: TimeWindow | undefined; count?: CountTest | undefined },
  path: string,
  context: Context,
): boolean {
  return node.window ? checkWindow(node.window, `${path}.window`, context) : true;
}

function checkProperties(node: EventCondition, path: string, context: Context): void {
  for (const [i, predicate] of (node.where ?? []).entries())
    if (predicate.op === "between" && predicate.from > predicate.to)
      context.problems.push({
        path: `${path}.where.${i}.to`,
        code: "invalid_range",
        message: "must not be less than from",
      });
}
