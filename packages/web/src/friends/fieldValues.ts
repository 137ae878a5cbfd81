import type { CustomFieldType, FieldValueInput } from "@kizuna/core/friends";
import type { FieldValueOutput } from "../api/friendData.ts";

/** What an input holds while a value is edited: text for most types, a list for choices. */
export type FieldDraftValue = string | string[];

export function draftOf(
  type: CustomFieldType,
  value: FieldValueOutput | null | undefined,
): FieldDraftValue {
  if (type === "multi_choice") return Array.isArray(value) ? value : [];
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** The value to send: null (clear) for an emptied input; the server checks the rest. */
export function inputOf(type: CustomFieldType, draft: FieldDraftValue): FieldValueInput {
  if (type === "multi_choice") return Array.isArray(draft) && draft.length > 0 ? draft : null;
  const text = Array.isArray(draft) ? draft.join(",") : draft;
  if (text.trim() === "") return null;
  return type === "text" ? text : text.trim();
}

/** A value for reading: lists joined with 、 as Japanese writes them. */
export function formatFieldValue(
  value: FieldValueOutput | null | undefined,
  language: string,
): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(language === "ja" ? "、" : ", ");
  if (typeof value === "number")
    return new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-US", {
      maximumFractionDigits: 6,
    }).format(value);
  return value;
}
