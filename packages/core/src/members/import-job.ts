import { z } from "zod";

/** The pg-boss queue of member CSV runs: the server sends, a worker runs. */
export const MEMBER_IMPORT_QUEUE = "members.import";

/**
 * The queue's settings, the same wherever it is created first. The job heartbeats while it
 * runs, so a run whose worker died is retried within a minute and resumes from its last
 * committed batch, and a long run (a million rows) is never taken for dead for its length.
 */
export const MEMBER_IMPORT_QUEUE_OPTIONS = {
  heartbeatSeconds: 30,
  expireInSeconds: 24 * 60 * 60,
  retryLimit: 3,
  retryDelay: 5,
} as const;

export const memberImportJobSchema = z.object({ importId: z.uuid() });
export type MemberImportJob = z.infer<typeof memberImportJobSchema>;

/** Rows applied per statement and committed with their progress. */
export const IMPORT_BATCH_ROWS = 1000;
