import { type Language, type RowError, rowErrorMessage } from "@kizuna/core/members";
import { type DB, listImportRejections, listMemberAttributes } from "@kizuna/db";
import type { Kysely } from "kysely";

const PAGE = 1000;
const HEADER: Record<Language, string[]> = {
  ja: ["行番号", "理由", "元の行"],
  en: ["Line", "Reason", "Original row"],
};

/** A stored reason (`[{code, field}]`) in words. */
export function reasonErrors(reason: string): Pick<RowError, "code" | "field">[] {
  return JSON.parse(reason) as Pick<RowError, "code" | "field">[];
}

/**
 * The rejected rows of an import as CSV, UTF-8 with a BOM (so that Excel in Japan opens it
 * as UTF-8), read from the database a page at a time however many rows were rejected.
 */
export async function* rejectionReport(
  db: Kysely<DB>,
  importId: string,
  language: Language,
): AsyncGenerator<string> {
  const labels = new Map((await listMemberAttributes(db)).map((a) => [a.key, a.label]));
  yield `\uFEFF${csvLine(HEADER[language])}`;
  let afterRow = 0;
  for (;;) {
    const page = await listImportRejections(db, importId, { afterRow, limit: PAGE });
    if (page.length === 0) return;
    let text = "";
    for (const rejection of page) {
      const reason = reasonErrors(rejection.reason)
        .map((error) => rowErrorMessage(error, language, labels))
        .join(" / ");
      text += csvLine([String(rejection.rowNumber), reason, rejection.raw]);
    }
    yield text;
    afterRow = page.at(-1)!.rowNumber;
  }
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(text: string): string {
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
