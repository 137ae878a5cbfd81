import type { FastifyInstance, FastifyRequest } from "fastify";

type ParseDone = (error: Error | null, body?: unknown) => void;

/** `application/x-www-form-urlencoded` bodies (OAuth endpoints, the sign-in pages) as flat objects. */
export function formBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request: FastifyRequest, text: string | Buffer, done: ParseDone) => {
      done(null, Object.fromEntries(new URLSearchParams(text.toString())));
    },
  );
}

/** A form field as a string ("" when absent), for bodies parsed above or missing. */
export function field(body: unknown, name: string): string {
  if (typeof body !== "object" || body === null) return "";
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}
