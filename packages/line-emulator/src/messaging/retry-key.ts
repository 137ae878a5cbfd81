import type { FastifyRequest } from "fastify";
import { err, ok, type Result } from "../result.ts";
import type { AcceptedRetry } from "../state/types.ts";
import { type LineError, lineError } from "./errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The 400 texts for a malformed or unsupported key are not published; these say what is wrong.
const MALFORMED = lineError(
  400,
  "The X-Line-Retry-Key header must be a UUID in hexadecimal format",
);
export const RETRY_KEY_UNSUPPORTED = lineError(
  400,
  "The X-Line-Retry-Key header is not supported by this endpoint",
);

/** The only endpoints that take a retry key (DOC:retrying-api-request); any other answers 400. */
export const RETRY_KEY_ENDPOINTS: ReadonlySet<string> = new Set(
  ["push", "multicast", "narrowcast", "broadcast"].map((kind) => `POST /v2/bot/message/${kind}`),
);

/** The request's retry key, lower-cased, or undefined when none was sent (DOC:retrying-api-request). */
export function readRetryKey(request: FastifyRequest): Result<string | undefined, LineError> {
  const value = request.headers["x-line-retry-key"];
  if (value === undefined) return ok(undefined);
  if (typeof value !== "string" || !UUID.test(value.trim())) return err(MALFORMED);
  return ok(value.trim().toLowerCase());
}

/** 409 for a key LINE already accepted; push repeats the first answer's sentMessages. */
export function retryKeyConflict(accepted: AcceptedRetry): LineError {
  return {
    status: 409,
    body: {
      message: "The retry key is already accepted",
      ...(accepted.sentMessages ? { sentMessages: accepted.sentMessages } : {}),
    },
    headers: { "x-line-accepted-request-id": accepted.requestId },
  };
}
