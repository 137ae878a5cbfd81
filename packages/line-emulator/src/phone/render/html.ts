// HTML building blocks for the message renderer. Everything a message object carries is
// untrusted: text is escaped, URLs must be http(s), colours and lengths must match their formats,
// anything else is dropped. No inline script or event handler is ever produced.

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Text for element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"'`]/g, (char) => ESCAPES[char]!);
}

/** An http(s) URL, or undefined; `javascript:`, `data:` and the rest never reach an attribute. */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** `#RRGGBB` or `#RRGGBBAA` as LINE accepts colours; undefined otherwise. */
export function safeColor(value: unknown): string | undefined {
  return typeof value === "string" && /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(value)
    ? value
    : undefined;
}

/** A CSS length from a LINE pixel or percent value (`12px`, `50%`); undefined otherwise. */
export function safeLength(value: unknown): string | undefined {
  return typeof value === "string" && /^\d+(\.\d+)?(px|%)$/.test(value) ? value : undefined;
}

/** `style="…"` from declarations whose values were already made safe; empty when none. */
export function style(declarations: Record<string, string | number | undefined>): string {
  const parts = Object.entries(declarations)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([property, value]) => `${property}:${value}`);
  return parts.length === 0 ? "" : ` style="${escapeHtml(parts.join(";"))}"`;
}

/** Attributes from a map; values escaped, undefined ones left out. */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join("");
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}
