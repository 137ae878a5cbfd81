import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { phoneRoutes } from "../phone/routes.ts";
import { channelReadRoutes } from "./channel-reads.ts";
import { channelRoutes } from "./channels.ts";
import { chatRoutes } from "./chat.ts";
import { demographicsRoutes } from "./demographics.ts";
import { controlErrorHandler } from "./errors.ts";
import { followerRoutes } from "./followers.ts";
import { friendActionRoutes } from "./friend-actions.ts";
import { lenientJsonParser } from "./json-body.ts";
import { receivedRoutes } from "./received.ts";
import { userRoutes } from "./users.ts";
import { webhookDeliveryRoutes } from "./webhook-deliveries.ts";

/** The control API, mounted under /_emulator: local tooling, JSON, no auth. */
export function controlApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lenientJsonParser(app);
    // A POST without a body (`curl -X POST …/follow`) is an empty object, for schemas too.
    app.addHook("preValidation", async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    });
    app.setErrorHandler(controlErrorHandler);
    channelRoutes(app, ctx);
    userRoutes(app, ctx);
    friendActionRoutes(app, ctx);
    receivedRoutes(app, ctx);
    webhookDeliveryRoutes(app, ctx);
    followerRoutes(app, ctx);
    channelReadRoutes(app, ctx);
    chatRoutes(app, ctx);
    demographicsRoutes(app, ctx);
    phoneRoutes(app, ctx);
  };
}
