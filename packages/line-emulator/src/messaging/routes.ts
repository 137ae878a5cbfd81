import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { aggregationUnitRoutes } from "./aggregation-units.ts";
import { bearerAuth } from "./auth.ts";
import { botInfoRoute } from "./bot-info.ts";
import { broadcastRoute } from "./broadcast.ts";
import { deliveryCountRoutes } from "./delivery-counts.ts";
import { lineError, sendLineError } from "./errors.ts";
import { INVALID_JSON_CODE, lineJsonParser } from "./json-body.ts";
import { multicastRoute } from "./multicast.ts";
import { narrowcastRoutes } from "./narrowcast.ts";
import { profileRoute } from "./profile.ts";
import { pushRoute } from "./push.ts";
import { quotaRoutes } from "./quota-routes.ts";
import { replyRoute } from "./reply.ts";
import { validateRoutes } from "./validate-routes.ts";
import { webhookEndpointRoutes } from "./webhook-endpoint.ts";

/** The Messaging API at the root of the origin (the SDK drops any path in its baseURL). */
export function messagingApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lineJsonParser(app);
    app.addHook("onRequest", bearerAuth(ctx.state));
    app.setErrorHandler(lineErrorHandler);
    pushRoute(app, ctx);
    multicastRoute(app, ctx);
    replyRoute(app, ctx);
    broadcastRoute(app, ctx);
    narrowcastRoutes(app, ctx);
    validateRoutes(app);
    quotaRoutes(app, ctx);
    aggregationUnitRoutes(app, ctx);
    deliveryCountRoutes(app, ctx);
    profileRoute(app, ctx);
    botInfoRoute(app);
    webhookEndpointRoutes(app, ctx);
  };
}

function lineErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
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
