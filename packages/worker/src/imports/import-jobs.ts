import {
  MEMBER_IMPORT_QUEUE,
  MEMBER_IMPORT_QUEUE_OPTIONS,
  memberImportJobSchema,
} from "@kizuna/core/members";
import type { DB } from "@kizuna/db";
import type { Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";
import { runMemberImport } from "./run-import.ts";

/** Member CSV runs, sent by the server as pg-boss jobs (see MEMBER_IMPORT_QUEUE_OPTIONS). */
export async function workMemberImports(jobs: PgBoss, db: Kysely<DB>, log: Logger): Promise<void> {
  await jobs.createQueue(MEMBER_IMPORT_QUEUE, MEMBER_IMPORT_QUEUE_OPTIONS);
  await jobs.work(MEMBER_IMPORT_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { importId } = memberImportJobSchema.parse(job.data);
    log.info({ importId, attempt: job.retryCount + 1 }, "member import started");
    const result = await runMemberImport(db, importId, {
      finalAttempt: job.retryCount >= MEMBER_IMPORT_QUEUE_OPTIONS.retryLimit,
    });
    log.info({ importId, result }, "member import ended");
  });
}
