import {
  type CountTest,
  type PropertyPredicate,
  SEGMENT_DEFINITION_VERSION,
  SEGMENT_MEMBER_FIELDS,
  type SegmentCondition,
  type SegmentDefinition,
  type SegmentMemberField,
  type SegmentNode,
  type TimeWindow,
  type ValueOperator,
  type WindowUnit,
} from "@kizuna/core/segments";

/**
 * The builder's working copy of a segment: groups and rows as the marketer arranges them,
 * every input kept as typed text, so that a half-filled row is never lost. `toDefinition`
 * turns the complete rows into a definition for the API and remembers which row each part
 * of it came from, so that the server's problems are shown on the right row.
 */
export type DraftItem = DraftGroup | DraftRow;

export interface DraftGroup {
  key: string;
  type: "group";
  match: "all" | "any";
  /** 除外: friends for whom the group does not hold. */
  exclude: boolean;
  children: DraftItem[];
}

/** What a row is about: a member field, an attribute, a custom field, or a kind of condition. */
export type RowField =
  | `member:${SegmentMemberField}`
  | `attribute:${string}`
  | `custom:${string}`
  | "tag"
  | "display_name"
  | "follow_status"
  | "link"
  | "followed"
  | "inflow_route"
  | "message"
  | "postback"
  | "rich_menu"
  | "form"
  | "event"
  | "segment"
  | "list";

export interface WindowDraft {
  type: "any" | "last" | "older_than" | "between";
  amount: string;
  unit: WindowUnit;
  from: string;
  to: string;
}

export interface CountDraft {
  op: CountTest["op"];
  value: string;
}

export type PropertyOp = PropertyPredicate["op"];

export interface PropertyDraft {
  key: string;
  property: string;
  op: PropertyOp;
  value: string;
  from: string;
  to: string;
}

export interface DraftRow {
  key: string;
  type: "row";
  exclude: boolean;
  field: RowField | null;
  /**
   * The row's verb: a value operator, a tag match (any / all / none), a status (following,
   * linked …), a message action (received / clicked) or a postback data match.
   */
  op: string;
  /** The operand: a value, a campaign, segment or list id, an event type, a menu id … */
  value: string;
  from: string;
  to: string;
  /** Choices, tag ids or route ids. */
  choices: string[];
  /** A second operand: the rich-menu area. */
  extra: string;
  window: WindowDraft;
  count: CountDraft;
  where: PropertyDraft[];
}

let sequence = 0;
export const newKey = () => `d${++sequence}`;

export const anyWindow = (): WindowDraft => ({
  type: "any",
  amount: "30",
  unit: "days",
  from: "",
  to: "",
});
export const onceOrMore = (): CountDraft => ({ op: "at_least", value: "1" });

export function newRow(field: RowField | null = null, op = ""): DraftRow {
  return {
    key: newKey(),
    type: "row",
    exclude: false,
    field,
    op,
    value: "",
    from: "",
    to: "",
    choices: [],
    extra: "",
    window: anyWindow(),
    count: onceOrMore(),
    where: [],
  };
}

export function newGroup(match: "all" | "any" = "all", children: DraftItem[] = []): DraftGroup {
  return { key: newKey(), type: "group", match, exclude: false, children };
}

export const newProperty = (): PropertyDraft => ({
  key: newKey(),
  property: "amount",
  op: "gte",
  value: "",
  from: "",
  to: "",
});

export function emptyDraft(): DraftGroup {
  return newGroup("all", [newRow()]);
}

// --- Draft → definition --------------------------------------------------------------------

export interface Compiled {
  definition: SegmentDefinition;
  /** Rows not filled in enough to be a condition: left out, and marked in the builder. */
  incomplete: Set<string>;
  /** Path of each node in the definition (`/definition/root/conditions/0`) → draft key. */
  paths: Map<string, string>;
}

export function toDefinition(root: DraftGroup): Compiled {
  const incomplete = new Set<string>();
  const paths = new Map<string, string>();
  const visit = (item: DraftItem, path: string): SegmentNode | null => {
    const inner = item.exclude ? `${path}/condition` : path;
    let node: SegmentNode | null;
    if (item.type === "group") {
      const conditions: SegmentNode[] = [];
      for (const child of item.children) {
        const compiled = visit(child, `${inner}/conditions/${conditions.length}`);
        if (compiled) conditions.push(compiled);
      }
      // A group none of whose rows is complete yet is left out, not counted as everyone.
      node =
        conditions.length === 0 && item !== root
          ? null
          : { kind: "group", match: item.match, conditions };
    } else {
      node = rowCondition(item);
      if (!node) incomplete.add(item.key);
    }
    if (!node) return null;
    paths.set(path, item.key);
    if (inner !== path) paths.set(inner, item.key);
    return item.exclude ? { kind: "not", condition: node } : node;
  };
  const rootNode = visit(root, "/definition/root") ?? {
    kind: "group",
    match: "all",
    conditions: [],
  };
  return {
    definition: { version: SEGMENT_DEFINITION_VERSION, root: rootNode },
    incomplete,
    paths,
  };
}

/** The draft key a problem's path points into: the deepest node on it. */
export function keyOfPath(paths: ReadonlyMap<string, string>, path: string): string | null {
  let best: string | null = null;
  let bestLength = -1;
  for (const [prefix, key] of paths)
    if ((path === prefix || path.startsWith(`${prefix}/`)) && prefix.length > bestLength) {
      best = key;
      bestLength = prefix.length;
    }
  return best;
}

const filled = (text: string) => text.trim() !== "";

function valueTest(row: DraftRow) {
  const op = row.op as ValueOperator;
  switch (op) {
    case "is_set":
    case "not_set":
      return { op };
    case "equals":
    case "contains":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return filled(row.value) ? { op, value: row.value.trim() } : null;
    case "between":
      return filled(row.from) && filled(row.to)
        ? { op, from: row.from.trim(), to: row.to.trim() }
        : null;
    case "includes":
      return row.choices.length > 0 ? { op, choices: row.choices } : null;
    default:
      return null;
  }
}

export function windowOf(draft: WindowDraft): TimeWindow | undefined | null {
  switch (draft.type) {
    case "any":
      return undefined;
    case "last":
    case "older_than": {
      const amount = Number(draft.amount);
      return Number.isInteger(amount) && amount > 0
        ? { type: draft.type, amount, unit: draft.unit }
        : null;
    }
    case "between":
      return filled(draft.from) || filled(draft.to)
        ? {
            type: "between",
            ...(filled(draft.from) ? { from: draft.from } : {}),
            ...(filled(draft.to) ? { to: draft.to } : {}),
          }
        : null;
    default:
      return draft.type satisfies never;
  }
}

function countOf(draft: CountDraft): CountTest | undefined | null {
  const value = Number(draft.value);
  if (!Number.isInteger(value) || value < 0) return null;
  return draft.op === "at_least" && value === 1 ? undefined : { op: draft.op, value };
}

/** Window and count of an activity row; null when either is half filled. */
function activity(row: DraftRow) {
  const window = windowOf(row.window);
  const count = countOf(row.count);
  if (window === null || count === null) return null;
  return { ...(window ? { window } : {}), ...(count ? { count } : {}) };
}

function property(draft: PropertyDraft): PropertyPredicate | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(draft.property)) return null;
  const number = (text: string) =>
    filled(text) && Number.isFinite(Number(text)) ? Number(text) : null;
  switch (draft.op) {
    case "exists":
      return { property: draft.property, op: "exists" };
    case "equals": {
      if (!filled(draft.value)) return null;
      // A number written as a number compares as one: amount = 5000.
      const asNumber = number(draft.value);
      return { property: draft.property, op: "equals", value: asNumber ?? draft.value.trim() };
    }
    case "contains":
      return filled(draft.value)
        ? { property: draft.property, op: "contains", value: draft.value.trim() }
        : null;
    case "in": {
      const values = draft.value
        .split(/[,、]/)
        .map((v) => v.trim())
        .filter(Boolean);
      return values.length > 0 ? { property: draft.property, op: "in", values } : null;
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const value = number(draft.value);
      return value === null ? null : { property: draft.property, op: draft.op, value };
    }
    case "between": {
      const from = number(draft.from);
      const to = number(draft.to);
      return from === null || to === null
        ? null
        : { property: draft.property, op: "between", from, to };
    }
    default:
      return draft.op satisfies never;
  }
}

export function rowCondition(row: DraftRow): SegmentCondition | null {
  const field = row.field;
  if (!field) return null;
  if (field.startsWith("member:")) {
    const test = valueTest(row);
    const name = field.slice(7) as SegmentMemberField;
    return test && (SEGMENT_MEMBER_FIELDS as readonly string[]).includes(name)
      ? ({ kind: "member", field: name, ...test } as SegmentCondition)
      : null;
  }
  if (field.startsWith("attribute:")) {
    const test = valueTest(row);
    return test
      ? ({ kind: "member_attribute", key: field.slice(10), ...test } as SegmentCondition)
      : null;
  }
  if (field.startsWith("custom:")) {
    const test = valueTest(row);
    return test ? ({ kind: "field", fieldId: field.slice(7), ...test } as SegmentCondition) : null;
  }
  switch (field) {
    case "tag":
      return row.choices.length > 0 && (row.op === "any" || row.op === "all" || row.op === "none")
        ? { kind: "tag", match: row.op, tagIds: row.choices }
        : null;
    case "display_name":
      return filled(row.value)
        ? { kind: "display_name", op: "contains", value: row.value.trim() }
        : null;
    case "follow_status":
      return row.op === "following" || row.op === "blocked"
        ? { kind: "follow_status", status: row.op }
        : null;
    case "link":
      return row.op === "linked" || row.op === "not_linked"
        ? { kind: "link", status: row.op }
        : null;
    case "followed": {
      const window = windowOf(row.window);
      return window ? { kind: "followed", window } : null;
    }
    case "inflow_route":
      return row.choices.length > 0 ? { kind: "inflow_route", routeIds: row.choices } : null;
    case "message": {
      const rest = activity(row);
      if (!rest || !(row.op === "received" || row.op === "clicked")) return null;
      return {
        kind: "message",
        action: row.op,
        ...(filled(row.value) ? { campaignId: row.value } : {}),
        ...rest,
      };
    }
    case "postback": {
      const rest = activity(row);
      if (!rest) return null;
      const op = row.op;
      const data =
        filled(row.value) && (op === "equals" || op === "starts_with" || op === "contains")
          ? { data: { op: op as "equals" | "starts_with" | "contains", value: row.value.trim() } }
          : {};
      return { kind: "postback", ...data, ...rest };
    }
    case "rich_menu": {
      const rest = activity(row);
      if (!rest) return null;
      return {
        kind: "rich_menu",
        ...(filled(row.value) ? { richMenuId: row.value.trim() } : {}),
        ...(filled(row.extra) ? { area: row.extra.trim() } : {}),
        ...rest,
      };
    }
    case "form": {
      const rest = activity(row);
      if (!rest) return null;
      return { kind: "form", ...(filled(row.value) ? { formId: row.value.trim() } : {}), ...rest };
    }
    case "event": {
      const rest = activity(row);
      const where = row.where.map(property);
      if (!rest || !filled(row.value) || where.some((p) => p === null)) return null;
      return {
        kind: "event",
        type: row.value.trim(),
        ...(where.length > 0 ? { where: where as PropertyPredicate[] } : {}),
        ...rest,
      };
    }
    case "segment":
      return filled(row.value) ? { kind: "segment", segmentId: row.value } : null;
    case "list":
      return filled(row.value) ? { kind: "list", listId: row.value } : null;
    default:
      return null;
  }
}

// --- Definition → draft (editing a saved segment) -----------------------------------------------

export function fromDefinition(definition: SegmentDefinition): DraftGroup {
  const item = fromNode(definition.root);
  return item.type === "group" && !item.exclude ? item : newGroup("all", [item]);
}

function fromNode(node: SegmentNode): DraftItem {
  switch (node.kind) {
    case "group":
      return newGroup(node.match, node.conditions.map(fromNode));
    case "not": {
      const inner = fromNode(node.condition);
      return { ...inner, exclude: !inner.exclude };
    }
    default:
      return fromCondition(node);
  }
}

function fromWindow(window: TimeWindow | undefined): WindowDraft {
  if (!window) return anyWindow();
  switch (window.type) {
    case "last":
    case "older_than":
      return {
        ...anyWindow(),
        type: window.type,
        amount: String(window.amount),
        unit: window.unit,
      };
    case "between":
      return { ...anyWindow(), type: "between", from: window.from ?? "", to: window.to ?? "" };
    default:
      return window satisfies never;
  }
}

function fromTest(row: DraftRow, test: Record<string, unknown>): DraftRow {
  return {
    ...row,
    op: String(test.op),
    value: typeof test.value === "string" ? test.value : "",
    from: typeof test.from === "string" ? test.from : "",
    to: typeof test.to === "string" ? test.to : "",
    choices: Array.isArray(test.choices) ? (test.choices as string[]) : [],
  };
}

function fromActivity(
  row: DraftRow,
  condition: { window?: TimeWindow | undefined; count?: CountTest | undefined },
): DraftRow {
  return {
    ...row,
    window: fromWindow(condition.window),
    count: condition.count
      ? { op: condition.count.op, value: String(condition.count.value) }
      : onceOrMore(),
  };
}

function fromCondition(condition: SegmentCondition): DraftRow {
  switch (condition.kind) {
    case "member": {
      const { kind: _, field, ...test } = condition;
      return fromTest(newRow(`member:${field}`), test);
    }
    case "member_attribute": {
      const { kind: _, key, ...test } = condition;
      return fromTest(newRow(`attribute:${key}`), test);
    }
    case "field": {
      const { kind: _, fieldId, ...test } = condition;
      return fromTest(newRow(`custom:${fieldId}`), test);
    }
    case "tag":
      return { ...newRow("tag", condition.match), choices: condition.tagIds };
    case "display_name":
      return { ...newRow("display_name", "contains"), value: condition.value };
    case "follow_status":
      return newRow("follow_status", condition.status);
    case "link":
      return newRow("link", condition.status);
    case "followed":
      return { ...newRow("followed"), window: fromWindow(condition.window) };
    case "inflow_route":
      return { ...newRow("inflow_route"), choices: condition.routeIds };
    case "message":
      return fromActivity(
        { ...newRow("message", condition.action), value: condition.campaignId ?? "" },
        condition,
      );
    case "postback":
      return fromActivity(
        {
          ...newRow("postback", condition.data?.op ?? "equals"),
          value: condition.data?.value ?? "",
        },
        condition,
      );
    case "rich_menu":
      return fromActivity(
        { ...newRow("rich_menu"), value: condition.richMenuId ?? "", extra: condition.area ?? "" },
        condition,
      );
    case "form":
      return fromActivity({ ...newRow("form"), value: condition.formId ?? "" }, condition);
    case "event":
      return fromActivity(
        {
          ...newRow("event"),
          value: condition.type,
          where: (condition.where ?? []).map((p) => ({
            key: newKey(),
            property: p.property,
            op: p.op,
            value: "value" in p ? String(p.value) : "values" in p ? p.values.join(", ") : "",
            from: "from" in p ? String(p.from) : "",
            to: "to" in p ? String(p.to) : "",
          })),
        },
        condition,
      );
    case "segment":
      return { ...newRow("segment"), value: condition.segmentId };
    case "list":
      return { ...newRow("list"), value: condition.listId };
    default:
      return condition satisfies never;
  }
}

// --- Editing ------------------------------------------------------------------------------------

/** The tree with the item of `key` replaced (or removed, when `next` is null). */
export function replaceItem(root: DraftGroup, key: string, next: DraftItem | null): DraftGroup {
  const walk = (group: DraftGroup): DraftGroup => ({
    ...group,
    children: group.children.flatMap((child) => {
      if (child.key === key) return next ? [next] : [];
      return [child.type === "group" ? walk(child) : child];
    }),
  });
  return root.key === key && next?.type === "group" ? next : walk(root);
}
