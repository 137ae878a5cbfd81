import type { AddressInfo } from "node:net";
import { createSecretBox } from "@kizuna/core";
import { openDatabase } from "@kizuna/db";
import { isSignedByLine } from "@kizuna/line";
import { buildServer } from "@kizuna/server";
import Fastify, { type FastifyInstance } from "fastify";

/**
 * The two targets of bench/webhook.ts, run together in one child process so that the
 * load generator (the parent) takes CPU from both the same way: the real Kizuna server
 * and a baseline route that does only what any webhook receiver must do.
 */

export type ToServers =
  | { type: "start"; databaseUrl: string; secretKey: string; channelSecret: string }
  | { type: "stop" };

export type FromServers = { type: "ready"; baselinePort: number; kizunaPort: number };

// The same cap as Kizuna's route, so both parse bodies under the same rules.
const BODY_LIMIT = 2 * 1024 * 1024;

/** Reads the raw body and checks the signature with Kizuna's own function; nothing else. */
function buildBaseline(channelSecret: string): FastifyInstance {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.post<{ Params: { channelId: string }; Body: Buffer }>(
    "/webhooks/line/:channelId",
    async (request, reply) => {
      const signature = request.headers["x-line-signature"];
      if (
        !isSignedByLine(
          request.body,
          channelSecret,
          typeof signature === "string" ? signature : undefined,
        )
      ) {
        return reply.code(401).send({});
      }
      return reply.code(200).send({});
    },
  );
  return app;
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

async function serve(start: Extract<ToServers, { type: "start" }>): Promise<() => Promise<void>> {
  // Default pool size and no logger: as `kizuna server` runs, minus log lines the route would not write.
  const database = await openDatabase({ url: start.databaseUrl });
  const kizuna = await buildServer({
    database,
    secretBox: createSecretBox(Buffer.from(start.secretKey, "base64")),
    publicUrl: "http://127.0.0.1",
  });
  const baseline = buildBaseline(start.channelSecret);
  const ready: FromServers = {
    type: "ready",
    baselinePort: await listen(baseline),
    kizunaPort: await listen(kizuna),
  };
  process.send?.(ready);
  return async () => {
    await Promise.all([baseline.close(), kizuna.close()]);
    await database.close();
  };
}

let close: (() => Promise<void>) | undefined;
let stopped = false;

async function onMessage(message: ToServers): Promise<void> {
  switch (message.type) {
    case "start":
      close = await serve(message);
      return;
    case "stop":
      stopped = true;
      await close?.();
      process.disconnect?.();
      return;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
}

process.on("message", (message: ToServers) => {
  onMessage(message).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
// Ctrl-C reaches this process too; the parent decides when to stop (and drops the database).
process.on("SIGINT", () => {});
// The parent went away without saying stop: nobody is left to send load.
process.on("disconnect", () => {
  if (!stopped) process.exit(1);
});
