import { EXTERNAL_ID_MAX_LENGTH } from "../members/member.ts";
import { LINE_USER_ID } from "./events.ts";

/** What an uploaded list holds: the company's member ids, or LINE user ids. */
export const LIST_ID_KINDS = ["external_id", "line_user_id"] as const;
export type ListIdKindName = (typeof LIST_ID_KINDS)[number];

/** Header cells people put above a column of ids; such a first row is skipped, not refused. */
const HEADERS = new Set([
  "external_id",
  "externalid",
  "member_id",
  "memberid",
  "id",
  "line_user_id",
  "lineuserid",
  "userid",
  "user_id",
  "uid",
  "会員番号",
  "会員id",
  "会員ｉｄ",
  "ユーザーid",
  "lineユーザーid",
]);

export type ListRow =
  | { kind: "id"; value: string }
  | { kind: "header" }
  | { kind: "refused"; value: string; reason: "invalid_line_user_id" | "invalid_external_id" };

/**
 * One row of an uploaded list: the id in its first cell (other cells, such as a name beside
 * the id, are ignored). A LINE user id is `U` and 32 hex digits; an external id is the
 * company's own, trimmed, up to 100 characters.
 */
export function readListRow(cells: readonly string[], line: number, kind: ListIdKindName): ListRow {
  const value = (cells[0] ?? "").trim();
  if (line === 1 && HEADERS.has(value.toLowerCase().replace(/[\s-]/g, "")))
    return { kind: "header" };
  switch (kind) {
    case "line_user_id":
      if (LINE_USER_ID.test(value)) return { kind: "id", value };
      // A first row that is not an id is taken for a header.
      if (line === 1 && !/^U[0-9a-fA-F]{20,}$/.test(value)) return { kind: "header" };
      return { kind: "refused", value: value.slice(0, 100), reason: "invalid_line_user_id" };
    case "external_id":
      if (value.length >= 1 && value.length <= EXTERNAL_ID_MAX_LENGTH) return { kind: "id", value };
      return { kind: "refused", value: value.slice(0, 100), reason: "invalid_external_id" };
    default:
      return kind satisfies never;
  }
}
