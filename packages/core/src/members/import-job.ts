import { z } from "zod";

/** The pg-boss queue of member CSV runs: the server sends, a worker runs. */
export const MEMBER_IMPORT_QUEUE = "members.import";

export const memberImportJobSchema = z.object({ importId: z.uuid() });
export type MemberImportJob = z.infer<typeof memberImportJobSchema>;

/** Rows applied per statement and committed with their progress. */
export const IMPORT_BATCH_ROWS = 1000;
