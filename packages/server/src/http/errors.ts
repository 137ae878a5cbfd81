import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";

/** Kizuna's one error shape: `{ error: { code, message, details? } }`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply
    .code(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        path: issue.instancePath || "/",
        message: issue.message,
      }));
      const first = details[0];
      return sendError(
        reply,
        400,
        "invalid_request",
        first ? `${first.path}: ${first.message}` : "invalid request",
        details,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return sendError(reply, status, "internal_error", "Something went wrong on the server.");
    }
    return sendError(reply, status, error.code?.toLowerCase() ?? "bad_request", error.message);
  });
}

/**
 * Unknown API and webhook paths get the JSON error; with `spaIndex`, any other GET
 * gets the admin UI's index.html so that the UI's own paths load.
 */
export function installNotFoundHandler(app: FastifyInstance, spaIndex: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const isPage =
      request.method === "GET" && !path.startsWith("/api/") && !path.startsWith("/webhooks/");
    if (spaIndex && isPage) return reply.sendFile("index.html");
    return sendError(reply, 404, "not_found", `No route for ${request.method} ${path}`);
  });
}
