import type { Message } from "./message.ts";

// Where a problem LINE names by property path (`messages[2].template.columns[1].actions[0].label`)
// shows in the composer. Each composer input has a field id: the message's index, then the
// property's keys and indexes joined by dots (`2.template.columns.1.actions.0.label`). A path
// below anything the composer shows as one input (a Flex JSON editor, an action's `altUri`)
// lands on the nearest input above it, with the rest kept as `at`.

/** `messages` for the list itself; `<index>` for a whole message; `<index>.<key>…` for an input. */
export type FieldId = string;

export const MESSAGES_FIELD: FieldId = "messages";

/** Something wrong with the messages, at LINE's property path. */
export interface MessageProblem {
  /** e.g. `messages[0].template.actions[1].label`; `messages` for the list itself. */
  property: string;
  /** What is wrong: LINE's words for LINE's rules, Kizuna's for personalisation. */
  message: string;
  /** Absent for LINE's rules; a Kizuna code (`unknown_variable` …) for personalisation. */
  code?: string;
}

export interface PlacedProblem extends MessageProblem {
  field: FieldId;
  /** Where below the field, when the field holds more than one value (Flex JSON). */
  at?: string;
}

type Segment = string | number;

/** `messages[0].template.actions[1].label` → ["messages", 0, "template", "actions", 1, "label"]. */
export function parsePropertyPath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (part[2] !== undefined) segments.push(Number(part[2]));
    else segments.push(part[1]!);
  }
  return segments;
}

export function fieldId(messageIndex: number, ...path: Segment[]): FieldId {
  return [messageIndex, ...path].join(".");
}

/** The inputs of an action editor (REF#action-objects). */
const ACTION = [
  "type",
  "label",
  "data",
  "displayText",
  "text",
  "uri",
  "mode",
  "initial",
  "max",
  "min",
  "clipboardText",
  "inputOption",
  "fillInText",
];
const IMAGEMAP_ACTION = ["type", "label", "linkUri", "text", "clipboardText", "area"];
const AREA = ["x", "y", "width", "height"];
const QUICK_REPLY = [
  "quickReply",
  "quickReply.items",
  "quickReply.items.*",
  "quickReply.items.*.imageUrl",
  "quickReply.items.*.action",
  ...under("quickReply.items.*.action", ACTION),
];
const SENDER = ["sender", "sender.name", "sender.iconUrl"];

function under(prefix: string, keys: readonly string[]): string[] {
  return keys.map((key) => `${prefix}.${key}`);
}

function actionList(prefix: string): string[] {
  return [prefix, `${prefix}.*`, ...under(`${prefix}.*`, ACTION)];
}

function oneAction(prefix: string): string[] {
  return [prefix, ...under(prefix, ACTION)];
}

const COLUMN = [
  "thumbnailImageUrl",
  "imageBackgroundColor",
  "title",
  "text",
  ...oneAction("defaultAction"),
  ...actionList("actions"),
];

/** The composer's inputs per message type, as paths with `*` for an index. */
const LAYOUTS: Record<Message["type"], readonly string[]> = {
  text: ["text", "emojis"],
  textV2: ["text", "substitution"],
  sticker: ["packageId", "stickerId"],
  image: ["originalContentUrl", "previewImageUrl"],
  video: ["originalContentUrl", "previewImageUrl", "trackingId"],
  audio: ["originalContentUrl", "duration"],
  location: ["title", "address", "latitude", "longitude"],
  imagemap: [
    "baseUrl",
    "altText",
    "baseSize",
    "baseSize.width",
    "baseSize.height",
    "actions",
    "actions.*",
    ...under("actions.*", IMAGEMAP_ACTION),
    ...under("actions.*.area", AREA),
    "video",
  ],
  template: [
    "altText",
    "template",
    "template.type",
    "template.imageAspectRatio",
    "template.imageSize",
    ...under("template", COLUMN),
    "template.columns",
    "template.columns.*",
    ...under("template.columns.*", COLUMN),
    "template.columns.*.imageUrl",
    ...oneAction("template.columns.*.action"),
  ],
  flex: ["altText", "contents"],
  coupon: ["couponId", "deliveryTag"],
};

const COMMON = [...QUICK_REPLY, ...SENDER];

/**
 * The field that shows a problem at LINE's property `path` in `messages`. A path the composer
 * has no input for (an unknown type, a property it never writes) falls to the whole message.
 */
export function placeProblem(problem: MessageProblem, messages: readonly unknown[]): PlacedProblem {
  const segments = parsePropertyPath(problem.property);
  const placed = (field: FieldId, rest: Segment[] = []): PlacedProblem => ({
    ...problem,
    field,
    ...(rest.length > 0 ? { at: formatPath(rest) } : {}),
  });
  const [root, index, ...rest] = segments;
  if (root !== "messages" || typeof index !== "number") return placed(MESSAGES_FIELD);
  const message = messages[index];
  const type = (message as { type?: unknown } | undefined)?.type;
  const layout =
    typeof type === "string" && Object.hasOwn(LAYOUTS, type)
      ? LAYOUTS[type as Message["type"]]
      : [];
  for (let length = rest.length; length > 0; length--) {
    const pattern = rest
      .slice(0, length)
      .map((segment) => (typeof segment === "number" ? "*" : segment))
      .join(".");
    if (layout.includes(pattern) || COMMON.includes(pattern)) {
      return placed(fieldId(index, ...rest.slice(0, length)), rest.slice(length));
    }
  }
  return placed(fieldId(index), rest);
}

export function placeProblems(
  problems: readonly MessageProblem[],
  messages: readonly unknown[],
): PlacedProblem[] {
  return problems.map((problem) => placeProblem(problem, messages));
}

/** ["body", "contents", 2, "url"] → `body.contents[2].url`, as LINE writes paths. */
export function formatPath(segments: readonly Segment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? segment : `.${segment}`;
  }
  return path;
}
