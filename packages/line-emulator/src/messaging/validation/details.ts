import type { ErrorObject } from "ajv";
import type { SchemaObject } from "../../contract/openapi.ts";
import type { LineErrorDetail } from "../errors.ts";

// ajv's errors in LINE's words and property paths (`messages[0].template.actions[1].label`).
// LINE answers in two layers: a value of the wrong JSON type cannot be read at all and gets
// "The property, 'x', in the request body is invalid"; readable values that break rules are
// listed as `details`, one per property.

export type SchemaFindings =
  | { kind: "valid" }
  | { kind: "unreadable"; property: string }
  | { kind: "invalid"; details: LineErrorDetail[] };

export function readFindings(errors: ErrorObject[] | null | undefined): SchemaFindings {
  if (!errors || errors.length === 0) return { kind: "valid" };
  const unreadable = errors.find((error) => error.keyword === "type" && error.data !== null);
  if (unreadable) return { kind: "unreadable", property: propertyPath(unreadable.instancePath) };
  const details: LineErrorDetail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const detail = toDetail(error);
    if (!detail || seen.has(detail.property)) continue;
    seen.add(detail.property);
    details.push(detail);
  }
  return details.length === 0 ? { kind: "valid" } : { kind: "invalid", details };
}

/** `/messages/0/text` → `messages[0].text`. */
export function propertyPath(instancePath: string, child?: string): string {
  let path = "";
  const segments = instancePath === "" ? [] : instancePath.slice(1).split("/");
  if (child !== undefined) segments.push(child);
  for (const raw of segments) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === "" ? segment : `.${segment}`;
  }
  return path;
}

const EMPTY = "May not be empty";

function toDetail(error: ErrorObject): LineErrorDetail | undefined {
  // An error inside `propertyNames` is repeated by the `propertyNames` error that names the key.
  if (error.propertyName !== undefined) return undefined;
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  const params = error.params as Record<string, unknown>;
  const at = (message: string, child?: string) => ({
    message,
    property: propertyPath(error.instancePath, child),
  });
  switch (error.keyword) {
    case "required":
      return at(EMPTY, String(params.missingProperty));
    case "type":
      // Only `null` reaches here: LINE treats an explicit null like a missing value.
      return at(EMPTY);
    case "minLength":
    case "maxLength":
    case "maxGraphemes": {
      // LINE checks "not empty" apart from the length: "" is "May not be empty", a long text
      // "Length must be between 0 and 5000".
      const min = schema.minLength as number | undefined;
      if (error.keyword === "minLength" && min !== undefined && min <= 1) return at(EMPTY);
      const max = (schema.maxLength ?? schema.maxGraphemes) as number | undefined;
      return at(lengthMessage("Length", min !== undefined && min > 1 ? min : 0, max));
    }
    case "minItems":
    case "maxItems":
      return at(
        lengthMessage(
          "Size",
          schema.minItems as number | undefined,
          schema.maxItems as number | undefined,
        ),
      );
    case "minProperties":
    case "maxProperties":
      return at(
        lengthMessage(
          "Size",
          schema.minProperties as number | undefined,
          schema.maxProperties as number | undefined,
        ),
      );
    case "enum":
      return at(
        `Must be one of the following values: [${(schema.enum as unknown[])
          .filter((value) => value !== null)
          .join(", ")}]`,
      );
    case "minimum":
    case "maximum":
      return at(
        rangeMessage(schema.minimum as number | undefined, schema.maximum as number | undefined),
      );
    case "pattern":
      return at((schema["x-line-message"] as string | undefined) ?? "Invalid value");
    case "format":
      return at(
        (schema["x-line-message"] as string | undefined) ??
          (params.format === "uri" ? "Must be a valid URL" : "Invalid value"),
      );
    case "propertyNames":
      return at("Invalid key", String(params.propertyName));
    case "if":
      // Raised beside the errors of the `then` branch, which say what is wrong.
      return undefined;
    default:
      return at("Invalid value");
  }
}

function lengthMessage(what: "Length" | "Size", min: number | undefined, max: number | undefined) {
  if (max === undefined)
    return min !== undefined && min <= 1 ? EMPTY : `${what} must be at least ${min}`;
  return `${what} must be between ${min ?? 0} and ${max}`;
}

function rangeMessage(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `Must be between ${min} and ${max}`;
  return min !== undefined ? `Must be ${min} or more` : `Must be ${max} or less`;
}
