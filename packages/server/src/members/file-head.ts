import type { CsvEncoding } from "@kizuna/core/members";
import { type CsvRecord, readCsvRecords } from "@kizuna/core/members/csv";
import { type DB, readImportFile } from "@kizuna/db";
import type { Kysely } from "kysely";

export interface FileHead {
  headers: string[];
  rows: CsvRecord[];
}

/** The header and the first rows of a stored file; reads no further than it needs. */
export async function readFileHead(
  db: Kysely<DB>,
  importId: string,
  encoding: CsvEncoding,
  rowCount: number,
): Promise<FileHead> {
  let headers: string[] | null = null;
  const rows: CsvRecord[] = [];
  for await (const record of readCsvRecords(readImportFile(db, importId), encoding)) {
    if (headers === null) headers = record.cells.map((cell) => cell.trim());
    else rows.push(record);
    if (rows.length >= rowCount) break;
  }
  return { headers: headers ?? [], rows };
}
