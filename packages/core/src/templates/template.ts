// Personalisation of text messages: `{{name}}`, `{{member.name}}`, `{{member.points}}`,
// `{{field.<key>}}`, `{{login_url:<https URL>}}`, each with an optional default after a bar
// (`{{name|お客様}}`).
// `\{{` writes a literal `{{`; every other character, backslashes included, is literal.
// LINE's own textV2 placeholders use single braces, so `{{…}}` cannot be mistaken for them.

/** What a placeholder stands for. */
export type TemplateVariable =
  /** The friend's LINE display name. */
  | { kind: "name" }
  /** A field of the linked member (ID連携); empty when the friend is not linked. */
  | { kind: "member"; key: MemberVariableKey }
  /** A custom field of the friend (custom_fields.key). */
  | { kind: "field"; key: string }
  /**
   * An auto-login link to a page of the company site, signed for each linked friend at
   * send time; a friend who is not linked gets the default, or else the page's plain URL.
   */
  | { kind: "login_url"; target: string };

export const MEMBER_VARIABLE_KEYS = ["name", "points"] as const;
export type MemberVariableKey = (typeof MEMBER_VARIABLE_KEYS)[number];

export type TemplatePart =
  | { type: "text"; text: string }
  | { type: "variable"; variable: TemplateVariable; fallback: string | null };

export interface Template {
  readonly parts: readonly TemplatePart[];
}

export type TemplateErrorCode = "unclosed_placeholder" | "empty_placeholder" | "unknown_variable";

export interface TemplateError {
  code: TemplateErrorCode;
  message: string;
  /** UTF-16 offset of the placeholder's `{{` in the source. */
  index: number;
}

export type TemplateResult = { ok: true; template: Template } | { ok: false; error: TemplateError };

/** The values one friend brings to a template. Absent or empty values use the default. */
export interface TemplateValues {
  name: string | null;
  member: { name: string | null; points: number | null } | null;
  fields: Readonly<Record<string, string | null | undefined>>;
  /** Signs an auto-login link to `target` for this friend; absent when they are not linked. */
  loginUrl?: ((target: string) => string) | null | undefined;
}

export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const OPEN = "{{";
const CLOSE = "}}";
const ESCAPED_OPEN = "\\{{";

export function parseTemplate(source: string): TemplateResult {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    if (source.startsWith(ESCAPED_OPEN, i)) {
      text += OPEN;
      i += ESCAPED_OPEN.length;
      continue;
    }
    // In a run of braces the placeholder opens at the last pair: `{{{name}}}` is `{` + name + `}`.
    if (!source.startsWith(OPEN, i) || source.startsWith("{{{", i)) {
      text += source[i];
      i += 1;
      continue;
    }
    const close = source.indexOf(CLOSE, i + OPEN.length);
    if (close < 0) {
      return failure(
        "unclosed_placeholder",
        i,
        "A placeholder opened with {{ is not closed by }}.",
      );
    }
    const inner = source.slice(i + OPEN.length, close);
    const bar = inner.indexOf("|");
    const path = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    if (path === "") return failure("empty_placeholder", i, "A placeholder names no variable.");
    const variable = variableOf(path);
    if (!variable) {
      return failure(
        "unknown_variable",
        i,
        path.startsWith(LOGIN_URL_PREFIX)
          ? `"${path}" names no web page: write {{login_url:https://…}}.`
          : `Unknown variable "${path}": use name, member.name, member.points, field.<key> or login_url:<URL>.`,
      );
    }
    if (text) parts.push({ type: "text", text });
    text = "";
    parts.push({ type: "variable", variable, fallback });
    i = close + CLOSE.length;
  }
  if (text) parts.push({ type: "text", text });
  return { ok: true, template: { parts } };
}

function failure(code: TemplateErrorCode, index: number, message: string): TemplateResult {
  return { ok: false, error: { code, index, message } };
}

const LOGIN_URL_PREFIX = "login_url:";

function variableOf(path: string): TemplateVariable | null {
  if (path === "name") return { kind: "name" };
  if (path.startsWith(LOGIN_URL_PREFIX)) {
    const target = loginTarget(path.slice(LOGIN_URL_PREFIX.length).trim());
    return target ? { kind: "login_url", target } : null;
  }
  const dot = path.indexOf(".");
  if (dot < 0) return null;
  const scope = path.slice(0, dot);
  const key = path.slice(dot + 1);
  if (scope === "member" && (MEMBER_VARIABLE_KEYS as readonly string[]).includes(key)) {
    return { kind: "member", key: key as MemberVariableKey };
  }
  if (scope === "field" && FIELD_KEY_PATTERN.test(key)) return { kind: "field", key };
  return null;
}

/** An absolute http(s) URL without spaces, as written; null for anything else. */
function loginTarget(text: string): string | null {
  if (!/^https?:\/\/\S+$/i.test(text) || !URL.canParse(text)) return null;
  return text;
}

/** Renders for one friend. Pure: the same template and values give the same text. */
export function renderTemplate(template: Template, values: TemplateValues): string {
  let out = "";
  for (const part of template.parts) {
    switch (part.type) {
      case "text":
        out += part.text;
        break;
      case "variable": {
        const value = lookUp(part.variable, values);
        out += value === "" ? (part.fallback ?? plainValue(part.variable)) : value;
        break;
      }
      default: {
        const unknown: never = part;
        throw new Error(`unknown template part ${JSON.stringify(unknown)}`);
      }
    }
  }
  return out;
}

function lookUp(variable: TemplateVariable, values: TemplateValues): string {
  switch (variable.kind) {
    case "name":
      return values.name ?? "";
    case "member": {
      if (!values.member) return "";
      if (variable.key === "name") return values.member.name ?? "";
      const points = values.member.points;
      // Points read as Japanese marketers write them: 1,234.
      return points === null ? "" : points.toLocaleString("ja-JP");
    }
    case "field":
      return values.fields[variable.key] ?? "";
    case "login_url":
      return values.loginUrl?.(variable.target) ?? "";
    default: {
      const unknown: never = variable;
      throw new Error(`unknown template variable ${JSON.stringify(unknown)}`);
    }
  }
}

/** What a variable with no value and no default renders as: a login link falls back to its page. */
function plainValue(variable: TemplateVariable): string {
  return variable.kind === "login_url" ? variable.target : "";
}

/** `name`, `member.points`, `field.rank` …: one key per distinct variable. */
export function variableKey(variable: TemplateVariable): string {
  switch (variable.kind) {
    case "name":
      return "name";
    case "member":
      return `member.${variable.key}`;
    case "field":
      return `field.${variable.key}`;
    case "login_url":
      return `login_url:${variable.target}`;
    default: {
      const unknown: never = variable;
      throw new Error(`unknown template variable ${JSON.stringify(unknown)}`);
    }
  }
}

/** The distinct variables a template uses, in order of first use. */
export function templateVariables(template: Template): TemplateVariable[] {
  const seen = new Map<string, TemplateVariable>();
  for (const part of template.parts) {
    if (part.type === "variable") seen.set(variableKey(part.variable), part.variable);
  }
  return [...seen.values()];
}

/** Text that renders as itself: every `{{` becomes `\{{`. */
export function escapeTemplateText(text: string): string {
  return text.replaceAll(OPEN, ESCAPED_OPEN);
}
