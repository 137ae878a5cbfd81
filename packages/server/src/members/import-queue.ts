import { MEMBER_IMPORT_QUEUE, MEMBER_IMPORT_QUEUE_OPTIONS } from "@kizuna/core/members";
import type { Database } from "@kizuna/db";
import { fromPglite, PgBoss } from "pg-boss";

/** Hands member CSV runs to the workers through pg-boss. */
export interface ImportQueue {
  send(importId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A pg-boss producer, started on the first send: servers that never start an import never
 * open it. It only sends (no maintenance, no cron): the workers' pg-boss does the rest.
 */
export function importQueue(database: Database, onError: (error: Error) => void): ImportQueue {
  let started: Promise<PgBoss> | null = null;
  const boss = () => {
    started ??= (async () => {
      const { backend } = database;
      const common = {
        schema: "pgboss",
        supervise: false,
        schedule: false,
        registerInstance: false,
      };
      const producer =
        backend.kind === "pglite"
          ? new PgBoss({ db: fromPglite(backend.pglite), backend: "pglite", ...common })
          : new PgBoss({ connectionString: backend.url, max: 2, ...common });
      producer.on("error", onError);
      await producer.start();
      await producer.createQueue(MEMBER_IMPORT_QUEUE, MEMBER_IMPORT_QUEUE_OPTIONS);
      return producer;
    })();
    return started;
  };
  return {
    async send(importId) {
      await (await boss()).send(MEMBER_IMPORT_QUEUE, { importId });
    },
    async close() {
      if (started) await (await started).stop({ graceful: false, close: true });
    },
  };
}
