import type { FastifyInstance, FastifyRequest } from "fastify";

type ParseDone = (error: Error | null, body?: unknown) => void;

/** JSON bodies for the control API; an empty body is fine (`curl -X POST …/follow`). */
export function lenientJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    (_request: FastifyRequest, text: string | Buffer, done: ParseDone) => {
      const source = text.toString();
      if (source.trim() === "") return done(null, {});
      try {
        done(null, JSON.parse(source));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        done(Object.assign(new Error(`Invalid JSON body: ${message}`), { statusCode: 400 }));
      }
    },
  );
}
