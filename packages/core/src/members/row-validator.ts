import { type AttributeValue, parseAttributeText } from "./attributes.ts";
import type { ImportPlan } from "./mapping.ts";
import { EXTERNAL_ID_MAX_LENGTH, type MemberField, type MemberValues } from "./member.ts";
import { FIELD_PARSERS, type MemberCheck } from "./member-values.ts";
import { type RowError, rowError } from "./row-errors.ts";

/**
 * One CSV row, read by the plan: every mapped cell normalized, or every problem found in
 * the row (not just the first), each with the field it concerns. An empty cell clears
 * its field, so that the file is the truth for the columns it maps. Never throws.
 */
export function validateMemberRow(
  cells: readonly string[],
  plan: ImportPlan,
  today: string,
): MemberCheck {
  if (cells.length !== plan.width) return { ok: false, errors: [rowError("column_count", "row")] };
  const errors: RowError[] = [];
  const externalId = (cells[plan.externalId] ?? "").trim();
  if (externalId === "") errors.push(rowError("required", "externalId"));
  else if (externalId.length > EXTERNAL_ID_MAX_LENGTH)
    errors.push(rowError("too_long", "externalId"));

  const fields: Partial<Record<MemberField, unknown>> = {};
  const attributes: Record<string, AttributeValue | null> = {};
  for (const column of plan.columns) {
    const text = cells[column.index] ?? "";
    const empty = text.trim() === "";
    if (column.attribute) {
      if (empty) {
        attributes[column.attribute.key] = null;
        continue;
      }
      const parsed = parseAttributeText(column.attribute, text);
      if (parsed.ok) attributes[column.attribute.key] = parsed.value;
      else errors.push(rowError(parsed.code, column.target));
      continue;
    }
    const field = column.target as MemberField;
    if (empty) {
      fields[field] = null;
      continue;
    }
    const parsed = FIELD_PARSERS[field](text, today);
    if (parsed.ok) fields[field] = parsed.value;
    else errors.push(rowError(parsed.code, field));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, member: { externalId, fields: fields as Partial<MemberValues>, attributes } };
}
