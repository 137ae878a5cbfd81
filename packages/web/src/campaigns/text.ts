import { parseTemplate, type TemplateErrorCode } from "@kizuna/core/templates";

// LINE's limit for one text message; the server enforces the same bound.
// https://developers.line.biz/en/reference/messaging-api/#text-message
export const maxMessageLength = 5000;

export type MessageTextProblem =
  | { kind: "empty" }
  | { kind: "tooLong" }
  | { kind: "template"; code: TemplateErrorCode; index: number };

/** Length as the server counts it (UTF-16 code units, like JavaScript's `length`). */
export function messageTextLength(text: string): number {
  return text.length;
}

/** What stops the text from being sent, checked as the marketer types. */
export function messageTextProblem(text: string): MessageTextProblem | null {
  if (text.trim().length === 0) return { kind: "empty" };
  if (messageTextLength(text) > maxMessageLength) return { kind: "tooLong" };
  const parsed = parseTemplate(text);
  if (!parsed.ok) return { kind: "template", code: parsed.error.code, index: parsed.error.index };
  return null;
}

/** Placeholders a marketer can insert with one click. */
export const PLACEHOLDERS = [
  { key: "name", insert: "{{name|お客様}}" },
  { key: "memberName", insert: "{{member.name|お客様}}" },
  { key: "memberPoints", insert: "{{member.points|0}}" },
] as const;

/** Inserts `insert` at the cursor (or over the selection). */
export function insertAt(
  text: string,
  insert: string,
  selection: { start: number; end: number } | null,
): { text: string; cursor: number } {
  const start = selection?.start ?? text.length;
  const end = selection?.end ?? start;
  return { text: text.slice(0, start) + insert + text.slice(end), cursor: start + insert.length };
}
