import type { z } from "zod";
import type { MemberAttributeDefinition } from "./attributes.ts";
import { type MemberUpsert, memberBatchItemSchema } from "./member.ts";
import { memberFromInput } from "./member-values.ts";
import { type RowError, type RowErrorCode, rowError } from "./row-errors.ts";

export interface BatchItemRejected {
  index: number;
  externalId: string | null;
  errors: RowError[];
}

export interface CheckedBatch {
  accepted: { index: number; member: MemberUpsert }[];
  rejected: BatchItemRejected[];
}

/**
 * Checks each item of a batch on its own, so that one bad item refuses only itself. An
 * external id given twice in one request is refused the second time: within a request,
 * which one should win is a question the caller must answer.
 */
export function checkMemberBatch(
  items: readonly unknown[],
  definitions: ReadonlyMap<string, MemberAttributeDefinition>,
  today: string,
): CheckedBatch {
  const checked: CheckedBatch = { accepted: [], rejected: [] };
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const shape = memberBatchItemSchema.safeParse(item);
    if (!shape.success) {
      const externalId = (item as { externalId?: unknown } | null)?.externalId;
      checked.rejected.push({
        index,
        externalId: typeof externalId === "string" ? externalId : null,
        errors: shape.error.issues.flatMap((issue) => issueErrors(issue, item)),
      });
      return;
    }
    const { externalId, ...input } = shape.data;
    if (seen.has(externalId)) {
      checked.rejected.push({
        index,
        externalId,
        errors: [rowError("duplicate_in_request", "externalId")],
      });
      return;
    }
    seen.add(externalId);
    const result = memberFromInput(externalId, input, definitions, today);
    if (result.ok) checked.accepted.push({ index, member: result.member });
    else checked.rejected.push({ index, externalId, errors: result.errors });
  });
  return checked;
}

/** A zod issue as row errors, in the same terms as a CSV row's. */
function issueErrors(issue: z.core.$ZodIssue, item: unknown): RowError[] {
  const field = issue.path.map(String).join(".") || "row";
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) =>
      rowError("unknown_field", field === "row" ? key : `${field}.${key}`),
    );
  }
  const codes: Partial<Record<z.core.$ZodIssue["code"], RowErrorCode>> = {
    too_big: field === "points" ? "out_of_range" : "too_long",
    too_small: field === "externalId" ? "required" : "out_of_range",
    invalid_value: field === "gender" ? "invalid_gender" : "invalid_type",
  };
  const missing =
    issue.path.length > 0 &&
    typeof item === "object" &&
    item !== null &&
    !(String(issue.path[0]) in item);
  const code = missing ? "required" : (codes[issue.code] ?? "invalid_type");
  return [rowError(code, field)];
}
