import type { Database } from "@kizuna/db";
import { fromPglite, PgBoss } from "pg-boss";
import type { Logger } from "pino";

/**
 * pg-boss in Kizuna's own database, for coarse jobs (cron, scheduled work). On PGlite it
 * shares the embedded instance; on PostgreSQL it keeps a small pool of its own.
 */
export async function startJobQueue(database: Database, log: Logger): Promise<PgBoss> {
  const { backend } = database;
  const boss =
    backend.kind === "pglite"
      ? new PgBoss({ db: fromPglite(backend.pglite), backend: "pglite", schema: "pgboss" })
      : new PgBoss({ connectionString: backend.url, schema: "pgboss", max: 3 });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  return boss;
}
