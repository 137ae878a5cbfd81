import { liveWorkers } from "@kizuna/db";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { ServerDeps } from "../deps.ts";

// Workers beat every 5 s; three missed beats and the worker counts as down.
const WORKER_SILENCE_MS = 15_000;

/** `GET /healthz`: 200 when the database answers and a worker is alive, 503 otherwise. */
export async function healthRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get("/healthz", { config: { public: true } }, async (_request, reply) => {
    const started = performance.now();
    try {
      await sql`SELECT 1`.execute(deps.database.db);
    } catch {
      return reply
        .code(503)
        .send({ status: "unavailable", database: { ok: false }, worker: { ok: false } });
    }
    const database = {
      ok: true,
      kind: deps.database.kind,
      latencyMs: Math.round(performance.now() - started),
    };
    const workers = await liveWorkers(deps.database.db, WORKER_SILENCE_MS);
    const worker = { ok: workers.live > 0, live: workers.live, lastBeatAt: workers.lastBeatAt };
    return reply
      .code(worker.ok ? 200 : 503)
      .send({ status: worker.ok ? "ok" : "degraded", database, worker });
  });
}
