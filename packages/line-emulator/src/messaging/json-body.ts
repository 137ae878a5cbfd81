import type { FastifyInstance, FastifyRequest } from "fastify";

type ParseDone = (error: Error | null, body?: unknown) => void;

/**
 * Parses JSON bodies itself so a syntax error can be answered in LINE's words:
 * "The request body could not be parsed as JSON (line: L, column: C)".
 */
export function lineJsonParser(app: FastifyInstance): void {
  // JSON only: any other content type is a 415, as on LINE (Fastify would read text/plain).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    (_request: FastifyRequest, text: string | Buffer, done: ParseDone) => {
      try {
        done(null, JSON.parse(text.toString()));
      } catch (error) {
        done(invalidJsonError(text.toString(), error));
      }
    },
  );
}

export const INVALID_JSON_CODE = "LINE_INVALID_JSON";

function invalidJsonError(text: string, cause: unknown): Error {
  const where = position(text, cause);
  const suffix = where ? ` (line: ${where.line}, column: ${where.column})` : "";
  return Object.assign(new Error(`The request body could not be parsed as JSON${suffix}`), {
    statusCode: 400,
    code: INVALID_JSON_CODE,
  });
}

/** Line and column from V8's "… at position N" message, when it gives one. */
function position(text: string, cause: unknown): { line: number; column: number } | undefined {
  const message = cause instanceof Error ? cause.message : "";
  const match = /at position (\d+)/.exec(message);
  const offset = match
    ? Number(match[1])
    : text.trim() === "" || message.includes("end of JSON input")
      ? text.length
      : undefined;
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
