import { isJsonObject, type JsonObject, type JsonValue } from "../json.ts";

// Finding an action inside a message the bot sent, the way a person finds the button to tap:
// by its place in the message object (`template.actions[0]`,
// `contents.footer.contents[1].action`, `quickReply.items[2].action`) or by its label.

const ACTION_TYPES = new Set([
  "postback",
  "message",
  "uri",
  "datetimepicker",
  "camera",
  "cameraRoll",
  "location",
  "richmenuswitch",
  "clipboard",
]);

export type FoundAction = { path: string; action: JsonObject };

export function isAction(value: JsonValue | undefined): value is JsonObject {
  return isJsonObject(value) && typeof value.type === "string" && ACTION_TYPES.has(value.type);
}

/** The value at a path like `template.columns[1].actions[0]`; undefined when there is none. */
export function valueAt(root: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (current === undefined) return undefined;
    const [, key, index] = match;
    if (index !== undefined) {
      current = Array.isArray(current) ? current[Number(index)] : undefined;
    } else if (isJsonObject(current) && key !== undefined && Object.hasOwn(current, key)) {
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Every tappable action in a message, in document order, with its path. */
export function actionsIn(message: JsonObject): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (value: JsonValue, path: string, tappable: boolean): void => {
    if (tappable && isAction(value)) found.push({ path, action: value });
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, `${path}[${i}]`, path.endsWith("actions"));
      });
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === "" ? key : `${path}.${key}`;
        walk(child, childPath, key === "action" || key === "defaultAction");
      }
    }
  };
  walk(message, "", false);
  return found;
}

/** The first action whose label (or display text, or message text) is `label`. */
export function findActionByLabel(message: JsonObject, label: string): FoundAction | undefined {
  return actionsIn(message).find(
    ({ action }) => action.label === label || action.displayText === label || action.text === label,
  );
}
