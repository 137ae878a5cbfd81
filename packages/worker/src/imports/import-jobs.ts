import { MEMBER_IMPORT_QUEUE, memberImportJobSchema } from "@kizuna/core/members";
import type { DB } from "@kizuna/db";
import type { Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";
import { runMemberImport } from "./run-import.ts";

const RETRY_LIMIT = 3;

/**
 * Member CSV runs as pg-boss jobs. The job heartbeats while it runs, so a run whose worker
 * died is retried within a minute and resumes from its last committed batch; a long run
 * (a million rows) is never taken for dead only because it is long.
 */
export async function workMemberImports(jobs: PgBoss, db: Kysely<DB>, log: Logger): Promise<void> {
  await jobs.createQueue(MEMBER_IMPORT_QUEUE, {
    heartbeatSeconds: 30,
    expireInSeconds: 24 * 60 * 60,
    retryLimit: RETRY_LIMIT,
    retryDelay: 5,
  });
  await jobs.work(MEMBER_IMPORT_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { importId } = memberImportJobSchema.parse(job.data);
    log.info({ importId, attempt: job.retryCount + 1 }, "member import started");
    const result = await runMemberImport(db, importId, {
      finalAttempt: job.retryCount >= RETRY_LIMIT,
    });
    log.info({ importId, result }, "member import ended");
  });
}
