import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { bearerAuth } from "../messaging/auth.ts";
import { lineError, sendLineError } from "../messaging/errors.ts";
import { INVALID_JSON_CODE, lineJsonParser } from "../messaging/json-body.ts";

/**
 * Sets up a Fastify scope for Messaging API routes outside src/messaging (rich menus, users,
 * account link): LINE's JSON parsing, channel access token auth and LINE-shaped errors, the same
 * as the messaging scope. Rate limits and retry-key refusal come from src/limits, which guards
 * every route of a scope that authenticates with `bearerAuth`.
 */
export function botApiScope(app: FastifyInstance, ctx: EmulatorContext): void {
  lineJsonParser(app);
  // Bodiless POSTs (link a rich menu, set the default, issue a link token) arrive from the SDK as
  // `Content-Type: application/json` with no bytes; LINE takes them, so the parser must not see them.
  app.addHook("onRequest", async (request) => {
    if (request.headers["content-length"] === "0") delete request.headers["content-type"];
  });
  app.addHook("onRequest", bearerAuth(ctx.state));
  app.setErrorHandler(botApiErrorHandler);
}

function botApiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  switch (error.code) {
    case INVALID_JSON_CODE:
      return sendLineError(reply, lineError(400, error.message));
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return sendLineError(
        reply,
        lineError(415, `The content type, ${request.headers["content-type"]}, is not supported`),
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return sendLineError(reply, lineError(413, "Request entity too large"));
  }
  const status = error.statusCode ?? 500;
  if (status < 500) return sendLineError(reply, lineError(status, error.message));
  request.log.error({ err: error }, "messaging API request failed");
  return sendLineError(reply, lineError(500, "Internal server error"));
}
