import { setImmediate } from "node:timers/promises";
import {
  IMPORT_BATCH_ROWS,
  type MemberUpsert,
  planImport,
  type RowError,
  rowError,
  todayInJapan,
  validateMemberRow,
} from "@kizuna/core/members";
import { readCsvRecords } from "@kizuna/core/members/csv";
import {
  claimImportRun,
  countOutcomes,
  type DB,
  failImportRun,
  finishImportRun,
  type ImportProgress,
  type ImportRejection,
  memberAttributeMap,
  previewMemberUpserts,
  readImportFile,
  recordImportProgress,
  upsertMembers,
} from "@kizuna/db";
import type { Kysely } from "kysely";

export interface ImportRunOptions {
  batchRows?: number;
  /** Birthdays after this day are refused; defaults to today in Japan. */
  today?: string;
  /**
   * Whether an unexpected error (the database went away) ends the run as failed. Before the
   * last attempt the run stays `running`, and the retried job resumes it.
   */
  finalAttempt?: boolean;
}

export type ImportRunResult = "done" | "failed" | "not_runnable";

/** A problem with the file as a whole (no header, a mapping that does not fit it). */
class ImportRefused extends Error {}

/**
 * Runs a queued member import: streams the stored file back chunk by chunk, validates each
 * row, and commits every batch of rows together with the progress counters and the rejected
 * rows, so a run that dies resumes where its last batch ended. A dry run counts what would
 * be created or updated and writes only the report.
 *
 * Duplicate external ids: rows are applied in file order, so the last row wins. A batch is
 * flushed before a row whose external id it already holds, so every row is applied (and
 * counted) exactly as if the file were applied one row at a time.
 */
export async function runMemberImport(
  db: Kysely<DB>,
  importId: string,
  options: ImportRunOptions = {},
): Promise<ImportRunResult> {
  const run = await claimImportRun(db, importId);
  if (!run) return "not_runnable";
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const today = options.today ?? todayInJapan();
  // One batch is written while the next is read and validated: on PostgreSQL the parsing
  // and the database work overlap. Batches still commit one at a time, in file order.
  let writing: Promise<void> = Promise.resolve();
  try {
    const definitions = await memberAttributeMap(db);
    const records = readCsvRecords(readImportFile(db, importId), run.encoding);
    const header = await records.next();
    if (header.done) throw new ImportRefused("The file has no header row.");
    const planned = planImport(header.value.cells, run.mapping ?? {}, definitions);
    if (!planned.ok) {
      throw new ImportRefused(
        `The mapping does not fit the file: ${planned.problems.map((p) => p.code).join(", ")}`,
      );
    }
    const plan = planned.plan;

    let accepted = new Map<string, MemberUpsert>();
    let rejected: ImportRejection[] = [];
    const flush = async () => {
      if (accepted.size === 0 && rejected.length === 0) return;
      const members = [...accepted.values()];
      const rejections = rejected;
      accepted = new Map();
      rejected = [];
      await writing;
      writing = db.transaction().execute(async (trx) => {
        const counts = run.dryRun
          ? await previewMemberUpserts(trx, members)
          : countOutcomes(await upsertMembers(trx, members));
        const progress: ImportProgress = {
          processed: members.length + rejections.length,
          accepted: members.length,
          ...counts,
          rejected: rejections.length,
        };
        await recordImportProgress(trx, importId, progress, rejections);
      });
      // A failed write is thrown by the next `await writing`.
      writing.catch(() => {});
      // On PGlite every query settles as a microtask, so without this a long run would never
      // let the event loop turn: in `kizuna start` the server could not even answer the
      // progress poll until the import ended.
      await setImmediate();
    };
    const reject = (line: number, errors: RowError[], raw: string) => {
      const reason = JSON.stringify(errors.map(({ code, field }) => ({ code, field })));
      rejected.push({ rowNumber: line, reason, raw });
    };

    // A resumed run skips the rows its committed batches already counted.
    let skip = run.processedRows;
    for await (const record of records) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (record.problem) {
        reject(record.line, [rowError(record.problem, "row")], record.raw);
      } else {
        const result = validateMemberRow(record.cells, plan, today);
        if (!result.ok) reject(record.line, result.errors, record.raw);
        else {
          if (accepted.has(result.member.externalId)) await flush();
          accepted.set(result.member.externalId, result.member);
        }
      }
      if (accepted.size + rejected.length >= batchRows) await flush();
    }
    await flush();
    await writing;
    await finishImportRun(db, importId);
    return "done";
  } catch (error) {
    await writing.catch(() => {});
    const refused = error instanceof ImportRefused;
    if (refused || options.finalAttempt !== false) {
      await failImportRun(db, importId, (error as Error).message).catch(() => {});
    }
    if (refused) return "failed";
    throw error;
  }
}
