import type { CsvEncoding, ImportMapping } from "@kizuna/core/members";
import { type Kysely, type Selectable, sql } from "kysely";
import type { DB, ImportStatus, MemberImportsTable } from "../schema.ts";

/** An uploaded file is kept in chunks of this size: any worker streams it back. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

export interface MemberImportView {
  id: string;
  fileName: string;
  encoding: CsvEncoding;
  byteSize: number;
  mapping: ImportMapping | null;
  dryRun: boolean;
  status: ImportStatus;
  /** Counted from the file's lines at upload, then exact once the run is done. */
  totalRows: number;
  processedRows: number;
  acceptedRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function view(row: Selectable<MemberImportsTable>): MemberImportView {
  return {
    id: row.id,
    fileName: row.file_name,
    encoding: row.encoding,
    byteSize: Number(row.byte_size),
    mapping: row.mapping as ImportMapping | null,
    dryRun: row.dry_run,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    acceptedRows: row.accepted_rows,
    createdRows: row.created_rows,
    updatedRows: row.updated_rows,
    unchangedRows: row.unchanged_rows,
    rejectedRows: row.rejected_rows,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function createImport(
  db: Kysely<DB>,
  input: { fileName: string; encoding: CsvEncoding; createdBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto("member_imports")
    .values({
      file_name: input.fileName,
      encoding: input.encoding,
      status: "uploading",
      created_by: input.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function appendImportChunk(
  db: Kysely<DB>,
  importId: string,
  seq: number,
  data: Uint8Array,
): Promise<void> {
  await db.insertInto("member_import_chunks").values({ import_id: importId, seq, data }).execute();
}

export async function completeImportUpload(
  db: Kysely<DB>,
  importId: string,
  upload: { byteSize: number; encoding: CsvEncoding; estimatedRows: number },
): Promise<MemberImportView> {
  const row = await db
    .updateTable("member_imports")
    .set({
      status: "uploaded",
      byte_size: String(upload.byteSize),
      encoding: upload.encoding,
      total_rows: upload.estimatedRows,
    })
    .where("id", "=", importId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

/** An upload that failed or was refused leaves nothing behind. */
export async function discardImport(db: Kysely<DB>, importId: string): Promise<void> {
  await db.deleteFrom("member_imports").where("id", "=", importId).execute();
}

export async function findImport(
  db: Kysely<DB>,
  importId: string,
): Promise<MemberImportView | null> {
  const row = await db
    .selectFrom("member_imports")
    .selectAll()
    .where("id", "=", importId)
    .executeTakeFirst();
  return row ? view(row) : null;
}

export async function listImports(db: Kysely<DB>, limit = 20): Promise<MemberImportView[]> {
  const rows = await db
    .selectFrom("member_imports")
    .selectAll()
    .where("status", "!=", "uploading")
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(view);
}

/**
 * The uploaded bytes, one stored chunk at a time: a reader holds one chunk, never the file.
 * Yields nothing once the file has been let go (after a completed import).
 */
export async function* readImportFile(
  db: Kysely<DB>,
  importId: string,
): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const chunk = await db
      .selectFrom("member_import_chunks")
      .select("data")
      .where("import_id", "=", importId)
      .where("seq", "=", seq)
      .executeTakeFirst();
    if (!chunk) return;
    yield chunk.data;
  }
}

/**
 * Queues a run (dry or real) with the chosen encoding and mapping, starting from zero: a
 * file can be dry-run any number of times, then imported once. Returns null when the
 * import is not in a state to run (still uploading, queued, running, or imported).
 */
export async function queueImportRun(
  db: Kysely<DB>,
  importId: string,
  run: { encoding: CsvEncoding; mapping: ImportMapping; dryRun: boolean },
): Promise<MemberImportView | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("member_imports")
      .set({
        status: "queued",
        encoding: run.encoding,
        mapping: JSON.stringify(run.mapping),
        dry_run: run.dryRun,
        processed_rows: 0,
        accepted_rows: 0,
        created_rows: 0,
        updated_rows: 0,
        unchanged_rows: 0,
        rejected_rows: 0,
        error: null,
        started_at: null,
        finished_at: null,
      })
      .where("id", "=", importId)
      .where((eb) =>
        eb.or([
          eb("status", "in", ["uploaded", "failed"]),
          eb.and([eb("status", "=", "done"), eb("dry_run", "=", true)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await trx.deleteFrom("member_import_rejections").where("import_id", "=", importId).execute();
    return view(row);
  });
}

/**
 * Takes a queued run, or resumes one whose worker died (its counters say how far it got:
 * each batch commits its rows and counters together).
 */
export async function claimImportRun(
  db: Kysely<DB>,
  importId: string,
): Promise<MemberImportView | null> {
  const row = await db
    .updateTable("member_imports")
    .set({ status: "running", started_at: sql`coalesce(started_at, now())` })
    .where("id", "=", importId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
  return row ? view(row) : null;
}

export interface ImportProgress {
  processed: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportRejection {
  /** The line of the file the row starts on; the header is line 1. */
  rowNumber: number;
  /** The row's errors as JSON (`[{code, field}]`), put into words by the report. */
  reason: string;
  raw: string;
}

/** Adds a batch's counts and rejected rows; pass the transaction that applied the batch. */
export async function recordImportProgress(
  db: Kysely<DB>,
  importId: string,
  progress: ImportProgress,
  rejections: readonly ImportRejection[],
): Promise<void> {
  if (rejections.length > 0) {
    await sql`
      INSERT INTO member_import_rejections (import_id, row_number, reason, raw)
      SELECT ${importId}::uuid, r.row_number, r.reason, r.raw
      FROM jsonb_to_recordset(${JSON.stringify(
        rejections.map((r) => ({ row_number: r.rowNumber, reason: r.reason, raw: r.raw })),
      )}::jsonb) AS r (row_number integer, reason text, raw text)
      ON CONFLICT (import_id, row_number) DO NOTHING`.execute(db);
  }
  await db
    .updateTable("member_imports")
    .set((eb) => ({
      processed_rows: eb("processed_rows", "+", progress.processed),
      accepted_rows: eb("accepted_rows", "+", progress.accepted),
      created_rows: eb("created_rows", "+", progress.created),
      updated_rows: eb("updated_rows", "+", progress.updated),
      unchanged_rows: eb("unchanged_rows", "+", progress.unchanged),
      rejected_rows: eb("rejected_rows", "+", progress.rejected),
    }))
    .where("id", "=", importId)
    .execute();
}

/**
 * Marks a run done. After a real run the file itself is let go (the counts and the
 * rejected rows stay): a million-row file need not sit in the database forever.
 */
export async function finishImportRun(db: Kysely<DB>, importId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("member_imports")
      .set({ status: "done", finished_at: new Date(), total_rows: sql`processed_rows` })
      .where("id", "=", importId)
      .where("status", "=", "running")
      .returning("dry_run")
      .executeTakeFirst();
    if (row && !row.dry_run) {
      await trx.deleteFrom("member_import_chunks").where("import_id", "=", importId).execute();
    }
  });
}

export async function failImportRun(
  db: Kysely<DB>,
  importId: string,
  error: string,
): Promise<void> {
  await db
    .updateTable("member_imports")
    .set({ status: "failed", error: error.slice(0, 1000), finished_at: new Date() })
    .where("id", "=", importId)
    .where("status", "in", ["queued", "running"])
    .execute();
}

/** Rejected rows in file order, a page at a time, after `afterRow`. */
export async function listImportRejections(
  db: Kysely<DB>,
  importId: string,
  page: { afterRow?: number; limit: number },
): Promise<ImportRejection[]> {
  const rows = await db
    .selectFrom("member_import_rejections")
    .select(["row_number", "reason", "raw"])
    .where("import_id", "=", importId)
    .where("row_number", ">", page.afterRow ?? 0)
    .orderBy("row_number")
    .limit(page.limit)
    .execute();
  return rows.map((row) => ({ rowNumber: row.row_number, reason: row.reason, raw: row.raw }));
}
