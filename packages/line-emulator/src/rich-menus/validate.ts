import { isJsonObject, type JsonObject, type JsonValue } from "../json.ts";
import {
  invalidProperty,
  type LineError,
  type LineErrorDetail,
  lineError,
  requestBodyErrors,
} from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import type { RichMenuArea, RichMenuBounds, RichMenuSize } from "../state/rich-menus.ts";

// The rich menu object as LINE checks it (REF#rich-menu-object, OAS RichMenuRequest):
// size 800–2500 px wide, at least 250 px high, width / height ≥ 1.45; name ≤ 300 and
// chatBarText ≤ 14 characters; at most 20 areas, each inside the menu, with an action a rich
// menu accepts. Like LINE, a body whose JSON types are wrong is refused as unreadable; readable
// bodies that break rules get every problem listed.

export type RichMenuInput = {
  size: RichMenuSize;
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: RichMenuArea[];
};

export const MAX_AREAS = 20;
export const MAX_NAME_LENGTH = 300;
export const MAX_CHAT_BAR_TEXT_LENGTH = 14;
export const MIN_WIDTH = 800;
export const MAX_WIDTH = 2500;
export const MIN_HEIGHT = 250;
export const MIN_ASPECT_RATIO = 1.45;

/** Actions a rich menu area can carry (REF#action-objects: camera, camera roll and location are quick-reply only). */
const AREA_ACTIONS = [
  "postback",
  "message",
  "uri",
  "datetimepicker",
  "richmenuswitch",
  "clipboard",
] as const;

const MUST_BE_SPECIFIED = "must be specified";
const DATETIME_MODES = ["date", "time", "datetime"];
const URI_SCHEMES = /^(https?|line|tel):/i;

type DraftArea = { bounds?: Partial<RichMenuBounds>; action?: JsonObject };
type Draft = Omit<RichMenuInput, "areas"> & { areas: DraftArea[] };

export function validateRichMenu(body: unknown): Result<RichMenuInput, LineError> {
  if (!isJsonObject(body))
    return err(lineError(400, "The request body could not be parsed as JSON"));
  const read = readShape(body);
  if (!read.ok) return read;
  const details = ruleErrors(read.value);
  if (details.length > 0) return err(requestBodyErrors(details));
  // Every area now has complete bounds and an action.
  return ok(read.value as RichMenuInput);
}

/** Reads the JSON types; any property of the wrong type makes the body unreadable, as on LINE. */
function readShape(body: JsonObject): Result<Draft, LineError> {
  const missing: LineErrorDetail[] = [];
  for (const key of ["size", "selected", "name", "chatBarText", "areas"]) {
    if (body[key] === undefined || body[key] === null) {
      missing.push({ message: MUST_BE_SPECIFIED, property: key });
    }
  }
  if (missing.length > 0) return err(requestBodyErrors(missing));
  const { size, selected, name, chatBarText, areas } = body;
  if (!isJsonObject(size)) return err(invalidProperty("size"));
  if (!isInteger(size.width)) return err(invalidProperty("size.width"));
  if (!isInteger(size.height)) return err(invalidProperty("size.height"));
  if (typeof selected !== "boolean") return err(invalidProperty("selected"));
  if (typeof name !== "string") return err(invalidProperty("name"));
  if (typeof chatBarText !== "string") return err(invalidProperty("chatBarText"));
  if (!Array.isArray(areas)) return err(invalidProperty("areas"));
  const read: DraftArea[] = [];
  for (const [i, area] of areas.entries()) {
    const at = `areas[${i}]`;
    if (!isJsonObject(area)) return err(invalidProperty(at));
    const { bounds, action } = area;
    if (bounds !== undefined && !isJsonObject(bounds)) return err(invalidProperty(`${at}.bounds`));
    if (action !== undefined && !isJsonObject(action)) return err(invalidProperty(`${at}.action`));
    for (const key of ["x", "y", "width", "height"] as const) {
      const value = bounds?.[key];
      if (value !== undefined && !isInteger(value))
        return err(invalidProperty(`${at}.bounds.${key}`));
    }
    read.push({
      ...(bounds ? { bounds: bounds as Partial<RichMenuBounds> } : {}),
      ...(action ? { action } : {}),
    });
  }
  return ok({
    size: { width: size.width, height: size.height },
    selected,
    name,
    chatBarText,
    areas: read,
  });
}

function ruleErrors(menu: Draft): LineErrorDetail[] {
  const details: LineErrorDetail[] = [];
  const { width, height } = menu.size;
  if (
    width < MIN_WIDTH ||
    width > MAX_WIDTH ||
    height < MIN_HEIGHT ||
    width / height < MIN_ASPECT_RATIO
  ) {
    details.push({
      message: `The width must be between ${MIN_WIDTH} and ${MAX_WIDTH}, the height at least ${MIN_HEIGHT}, and width / height at least ${MIN_ASPECT_RATIO}`,
      property: "size",
    });
  }
  if (menu.name.length === 0) details.push({ message: "May not be empty", property: "name" });
  if (menu.name.length > MAX_NAME_LENGTH) {
    details.push({ message: `Length must be between 0 and ${MAX_NAME_LENGTH}`, property: "name" });
  }
  if (menu.chatBarText.length > MAX_CHAT_BAR_TEXT_LENGTH) {
    details.push({
      message: `Length must be between 0 and ${MAX_CHAT_BAR_TEXT_LENGTH}`,
      property: "chatBarText",
    });
  }
  if (menu.areas.length > MAX_AREAS) {
    details.push({ message: `Size must be between 0 and ${MAX_AREAS}`, property: "areas" });
  }
  menu.areas.forEach((area, i) => {
    const at = `areas[${i}]`;
    if (area.bounds) details.push(...boundsErrors(area.bounds, menu.size, `${at}.bounds`));
    else details.push({ message: MUST_BE_SPECIFIED, property: `${at}.bounds` });
    if (area.action) details.push(...actionErrors(area.action, `${at}.action`));
    else details.push({ message: MUST_BE_SPECIFIED, property: `${at}.action` });
  });
  return details;
}

function boundsErrors(
  draft: Partial<RichMenuBounds>,
  size: RichMenuSize,
  at: string,
): LineErrorDetail[] {
  const details: LineErrorDetail[] = [];
  for (const key of ["x", "y", "width", "height"] as const) {
    if (draft[key] === undefined)
      details.push({ message: MUST_BE_SPECIFIED, property: `${at}.${key}` });
  }
  if (details.length > 0) return details;
  const bounds = draft as RichMenuBounds;
  if (bounds.x < 0) details.push({ message: "Must be 0 or more", property: `${at}.x` });
  if (bounds.y < 0) details.push({ message: "Must be 0 or more", property: `${at}.y` });
  if (bounds.width < 1) details.push({ message: "Must be 1 or more", property: `${at}.width` });
  if (bounds.height < 1) details.push({ message: "Must be 1 or more", property: `${at}.height` });
  if (details.length > 0) return details;
  if (bounds.x + bounds.width > size.width || bounds.y + bounds.height > size.height) {
    details.push({
      message: `The area must lie within the rich menu (${size.width}x${size.height})`,
      property: at,
    });
  }
  return details;
}

type ActionRule = { required?: boolean; max: number };

/** Properties each area action needs, with LINE's length limits (REF#action-objects). */
const ACTION_RULES: Record<(typeof AREA_ACTIONS)[number], Record<string, ActionRule>> = {
  postback: {
    data: { required: true, max: 300 },
    label: { max: 20 },
    displayText: { max: 300 },
    text: { max: 300 },
    fillInText: { max: 300 },
  },
  message: { text: { required: true, max: 300 }, label: { max: 20 } },
  uri: { uri: { required: true, max: 1000 }, label: { max: 20 } },
  datetimepicker: {
    data: { required: true, max: 300 },
    mode: { required: true, max: 8 },
    label: { max: 20 },
  },
  richmenuswitch: {
    richMenuAliasId: { required: true, max: 32 },
    data: { required: true, max: 300 },
    label: { max: 20 },
  },
  clipboard: { clipboardText: { required: true, max: 1000 }, label: { max: 20 } },
};

function actionErrors(action: JsonObject, at: string): LineErrorDetail[] {
  const type = action.type;
  if (type === undefined) return [{ message: MUST_BE_SPECIFIED, property: `${at}.type` }];
  if (!isAreaAction(type)) {
    return [
      {
        message: `Must be one of the following values: [${AREA_ACTIONS.join(", ")}]`,
        property: `${at}.type`,
      },
    ];
  }
  const details: LineErrorDetail[] = [];
  for (const [key, rule] of Object.entries(ACTION_RULES[type])) {
    const value = action[key];
    if (value === undefined || value === null) {
      if (rule.required) details.push({ message: MUST_BE_SPECIFIED, property: `${at}.${key}` });
      continue;
    }
    if (typeof value !== "string") {
      details.push({ message: "Must be a string", property: `${at}.${key}` });
    } else if (rule.required && value.length === 0) {
      details.push({ message: "May not be empty", property: `${at}.${key}` });
    } else if (value.length > rule.max) {
      details.push({
        message: `Length must be between 0 and ${rule.max}`,
        property: `${at}.${key}`,
      });
    }
  }
  if (
    type === "uri" &&
    typeof action.uri === "string" &&
    action.uri &&
    !URI_SCHEMES.test(action.uri)
  ) {
    details.push({ message: "invalid uri", property: `${at}.uri` });
  }
  const mode = action.mode;
  if (type === "datetimepicker" && typeof mode === "string" && !DATETIME_MODES.includes(mode)) {
    details.push({
      message: "Must be one of the following values: [date, time, datetime]",
      property: `${at}.mode`,
    });
  }
  return details;
}

function isAreaAction(type: JsonValue): type is (typeof AREA_ACTIONS)[number] {
  return typeof type === "string" && (AREA_ACTIONS as readonly string[]).includes(type);
}

function isInteger(value: JsonValue | undefined): value is number {
  return typeof value === "number" && Number.isInteger(value);
}
