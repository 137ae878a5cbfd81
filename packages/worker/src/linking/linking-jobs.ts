import { type DB, purgeLinkingRows, rollUpLinkRate } from "@kizuna/db";
import type { Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";

/** Hourly: today's linked and valid friends per channel, so the rate's chart moves within the day. */
export const LINK_RATE_QUEUE = "linking.link-rate";
export const LINK_RATE_CRON = "5 * * * *";
/** Hourly: expired nonces, login states, link tokens, assertions and auto-login records. */
export const LINKING_PURGE_QUEUE = "linking.purge";
export const LINKING_PURGE_CRON = "35 * * * *";

export async function scheduleLinkingJobs(
  jobs: PgBoss,
  db: Kysely<DB>,
  log: Logger,
): Promise<void> {
  await jobs.createQueue(LINK_RATE_QUEUE);
  await jobs.schedule(LINK_RATE_QUEUE, LINK_RATE_CRON);
  await jobs.work(LINK_RATE_QUEUE, async () => {
    await rollUpLinkRate(db);
    log.info("rolled up the ID-link rate");
  });
  await jobs.createQueue(LINKING_PURGE_QUEUE);
  await jobs.schedule(LINKING_PURGE_QUEUE, LINKING_PURGE_CRON);
  await jobs.work(LINKING_PURGE_QUEUE, async () => {
    const purged = await purgeLinkingRows(db);
    log.info({ purged }, "purged expired linking rows");
  });
}
