import type { JsonObject, JsonValue } from "../../json.ts";
import type { LineErrorDetail } from "../errors.ts";
import {
  MAX_ANIMATED_IMAGES,
  MAX_BUBBLE_BYTES,
  MAX_CAROUSEL_BYTES,
  withinGraphemes,
} from "./limits.ts";

// LINE's rules that span several properties, so no JSON Schema keyword can say them
// (REF#message-objects, REF#action-objects). They run on messages the schema already accepted,
// so shapes and JSON types are known here.

export type RuleContext = {
  /** textV2 mentions reach only group chats and multi-person chats (REF#text-message-v2). */
  mentions: "allowed" | "refused";
};

type Details = LineErrorDetail[];

export function checkMessageRules(messages: JsonObject[], context: RuleContext, details: Details) {
  messages.forEach((message, i) => {
    checkMessage(message, `messages[${i}]`, context, details);
  });
}

function checkMessage(message: JsonObject, path: string, context: RuleContext, details: Details) {
  switch (message.type) {
    case "text":
      checkEmojiIndexes(message, path, details);
      break;
    case "textV2":
      checkSubstitution(message, path, context, details);
      break;
    case "template":
      checkTemplate(message.template as JsonObject, `${path}.template`, details);
      break;
    case "flex":
      checkFlex(message.contents as JsonObject, `${path}.contents`, details);
      break;
  }
  // Imagemap actions are a type family of their own, checked by the schema.
  if (message.type !== "imagemap") {
    forEachAction(message, path, (action, at) => checkAction(action, at, "message", details));
  }
  const items = (message.quickReply as JsonObject | undefined)?.items as JsonObject[] | undefined;
  items?.forEach((item, i) => {
    checkAction(
      item.action as JsonObject,
      `${path}.quickReply.items[${i}].action`,
      "quickReply",
      details,
    );
  });
}

// --- text and textV2 ---------------------------------------------------------------------------

function checkEmojiIndexes(message: JsonObject, path: string, details: Details) {
  const text = message.text as string;
  (message.emojis as JsonObject[] | undefined)?.forEach((emoji, i) => {
    if (text[emoji.index as number] !== "$") {
      details.push({
        message: "Must be the index of a $ character in text",
        property: `${path}.emojis[${i}].index`,
      });
    }
  });
}

const SUBSTITUTION_KEY = /^[0-9a-zA-Z_]{1,20}$/;
const MAX_MENTIONS = 20;
const MAX_SUBSTITUTED_EMOJIS = 20;

function checkSubstitution(
  message: JsonObject,
  path: string,
  context: RuleContext,
  details: Details,
) {
  const text = message.text as string;
  const substitution = (message.substitution ?? {}) as Record<string, JsonObject>;
  const problem = placeholderProblem(text, substitution);
  if (problem) details.push({ message: problem, property: `${path}.text` });
  let mentions = 0;
  let emojis = 0;
  for (const [key, value] of Object.entries(substitution)) {
    if (value.type === "emoji") emojis++;
    if (value.type !== "mention") continue;
    mentions++;
    if (context.mentions === "refused") {
      details.push({
        message: "Mentions can only be sent to group chats and multi-person chats",
        property: `${path}.substitution.${key}`,
      });
    }
  }
  if (mentions > MAX_MENTIONS) {
    details.push({ message: `At most ${MAX_MENTIONS} mentions`, property: `${path}.substitution` });
  }
  if (emojis > MAX_SUBSTITUTED_EMOJIS) {
    details.push({
      message: `At most ${MAX_SUBSTITUTED_EMOJIS} emojis`,
      property: `${path}.substitution`,
    });
  }
}

/** `{key}` placeholders must be defined; `{{` and `}}` stand for literal braces. */
function placeholderProblem(text: string, substitution: Record<string, JsonObject>) {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "}") {
      if (text[i + 1] !== "}") return "Unpaired } in text; write }} for a literal brace";
      i++;
    } else if (char === "{") {
      if (text[i + 1] === "{") {
        i++;
        continue;
      }
      const end = text.indexOf("}", i);
      if (end < 0) return "Unpaired { in text; write {{ for a literal brace";
      const key = text.slice(i + 1, end);
      if (!SUBSTITUTION_KEY.test(key)) return `Invalid placeholder {${key}}`;
      if (!(key in substitution)) return `No substitution for {${key}}`;
      i = end;
    }
  }
  return undefined;
}

// --- templates ---------------------------------------------------------------------------------

/** Buttons and carousel texts shrink to 60 when an image or a title is shown (REF#buttons). */
const SHORT_TEMPLATE_TEXT = 60;

function checkTemplate(template: JsonObject, path: string, details: Details) {
  if (template.type === "buttons") {
    checkShortText(template, path, details);
  } else if (template.type === "carousel") {
    const columns = template.columns as JsonObject[];
    const first = columns[0]!;
    columns.forEach((column, i) => {
      const at = `${path}.columns[${i}]`;
      checkShortText(column, at, details);
      // Every column shows the same parts and the same number of buttons.
      if ((column.actions as JsonValue[]).length !== (first.actions as JsonValue[]).length) {
        details.push({
          message: "Must have the same number of actions in every column",
          property: `${at}.actions`,
        });
      }
      for (const part of ["thumbnailImageUrl", "title"]) {
        if (i > 0 && part in column !== part in first) {
          details.push({
            message: "Must be set in every column or in none",
            property: `${at}.${part}`,
          });
        }
      }
    });
  }
}

function checkShortText(holder: JsonObject, path: string, details: Details) {
  if (holder.thumbnailImageUrl === undefined && holder.title === undefined) return;
  if (!withinGraphemes(holder.text as string, SHORT_TEMPLATE_TEXT)) {
    details.push({
      message: `Length must be between 0 and ${SHORT_TEMPLATE_TEXT}`,
      property: `${path}.text`,
    });
  }
}

// --- flex --------------------------------------------------------------------------------------

function checkFlex(container: JsonObject, path: string, details: Details) {
  const limit = container.type === "carousel" ? MAX_CAROUSEL_BYTES : MAX_BUBBLE_BYTES;
  if (jsonBytes(container) > limit) {
    details.push({ message: `JSON must be at most ${limit / 1024} KB`, property: path });
  }
  const bubbles =
    container.type === "carousel"
      ? (container.contents as JsonObject[]).map(
          (bubble, i) => [bubble, `${path}.contents[${i}]`] as const,
        )
      : [[container, path] as const];
  let animated = 0;
  for (const [bubble, at] of bubbles) {
    if (container.type === "carousel" && jsonBytes(bubble) > MAX_BUBBLE_BYTES) {
      details.push({ message: `JSON must be at most ${MAX_BUBBLE_BYTES / 1024} KB`, property: at });
    }
    for (const block of ["header", "hero", "body", "footer"]) {
      const component = bubble[block] as JsonObject | undefined;
      if (!component) continue;
      walkComponents(component, `${at}.${block}`, block === "hero", (found, where, asHero) => {
        if (found.type === "image" && found.animated === true) animated++;
        if (found.type === "video" && !asHero) {
          details.push({
            message: "A video can only be the hero of a bubble",
            property: `${where}.type`,
          });
        }
      });
    }
  }
  if (animated > MAX_ANIMATED_IMAGES) {
    details.push({
      message: `At most ${MAX_ANIMATED_IMAGES} animated images per message`,
      property: path,
    });
  }
}

function walkComponents(
  component: JsonObject,
  path: string,
  asHero: boolean,
  visit: (component: JsonObject, path: string, asHero: boolean) => void,
) {
  visit(component, path, asHero);
  if (component.type === "box") {
    (component.contents as JsonObject[]).forEach((child, i) => {
      walkComponents(child, `${path}.contents[${i}]`, false, visit);
    });
  } else if (component.type === "video" && component.altContent) {
    walkComponents(component.altContent as JsonObject, `${path}.altContent`, false, visit);
  }
}

function jsonBytes(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value));
}

// --- actions -----------------------------------------------------------------------------------

/** Calls `visit` for every action object in a message, except its quick reply buttons. */
function forEachAction(
  node: JsonValue,
  path: string,
  visit: (action: JsonObject, path: string) => void,
) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      forEachAction(child, `${path}[${i}]`, visit);
    });
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "quickReply" || value === null || typeof value !== "object") continue;
    if (key === "action" || key === "defaultAction") {
      visit(value as JsonObject, `${path}.${key}`);
    } else if (key === "actions" && Array.isArray(value)) {
      value.forEach((action, i) => {
        visit(action as JsonObject, `${path}.actions[${i}]`);
      });
    } else {
      forEachAction(value, `${path}.${key}`, visit);
    }
  }
}

const QUICK_REPLY_ONLY = new Set(["camera", "cameraRoll", "location"]);

function checkAction(
  action: JsonObject,
  path: string,
  where: "message" | "quickReply",
  details: Details,
) {
  const type = action.type as string;
  if (QUICK_REPLY_ONLY.has(type) && where !== "quickReply") {
    details.push({
      message: `A ${type} action can only be used in quick reply buttons`,
      property: `${path}.type`,
    });
  } else if (type === "richmenuswitch") {
    details.push({
      message: "A richmenuswitch action can only be used in rich menus",
      property: `${path}.type`,
    });
  } else if (type === "postback" && action.displayText !== undefined && action.text !== undefined) {
    details.push({ message: "Cannot be used together with displayText", property: `${path}.text` });
  } else if (type === "datetimepicker") {
    checkDatetimePicker(action, path, details);
  }
}

const PICKER_FORMATS = {
  date: {
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    min: "1900-01-01",
    max: "2100-12-31",
    shape: "yyyy-MM-dd",
  },
  time: { pattern: /^\d{2}:\d{2}$/, min: "00:00", max: "23:59", shape: "HH:mm" },
  datetime: {
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
    min: "1900-01-01T00:00",
    max: "2100-12-31T23:59",
    shape: "yyyy-MM-ddTHH:mm",
  },
} as const;

/** initial / max / min follow the picker's mode, within LINE's range (REF#datetime-picker-action). */
function checkDatetimePicker(action: JsonObject, path: string, details: Details) {
  const format = PICKER_FORMATS[action.mode as keyof typeof PICKER_FORMATS];
  for (const field of ["initial", "max", "min"]) {
    const raw = action[field];
    if (typeof raw !== "string") continue;
    const value = raw.replace("t", "T");
    const valid =
      format.pattern.test(value) &&
      value >= format.min &&
      value <= format.max &&
      (action.mode === "time" || !Number.isNaN(Date.parse(value.slice(0, 10))));
    if (!valid) {
      details.push({
        message: `Must be ${format.shape} between ${format.min} and ${format.max}`,
        property: `${path}.${field}`,
      });
    }
  }
}
