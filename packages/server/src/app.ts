import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { installAuthGuard } from "./auth/guard.ts";
import { authRoutes } from "./auth/routes.ts";
import { campaignRoutes } from "./campaigns/routes.ts";
import { channelRoutes } from "./channels/routes.ts";
import { customFieldRoutes } from "./custom-fields/routes.ts";
import type { ServerDeps } from "./deps.ts";
import { friendRoutes } from "./friends/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { installErrorHandlers, installNotFoundHandler } from "./http/errors.ts";
import { linkingRoutes } from "./linking/routes.ts";
import { memberImportRoutes } from "./members/import-routes.ts";
import { memberRoutes } from "./members/member-routes.ts";
import { messageRoutes } from "./messages/routes.ts";
import { installApiKeyAuth } from "./public-api/api-key-auth.ts";
import { apiKeyRoutes } from "./public-api/api-key-routes.ts";
import { publicApiRoutes } from "./public-api/routes.ts";
import { richMenuRoutes } from "./segments/rich-menu-routes.ts";
import { segmentRoutes } from "./segments/routes.ts";
import { startChangeHub } from "./stream/change-hub.ts";
import { streamRoutes } from "./stream/routes.ts";
import { tagRoutes } from "./tags/routes.ts";
import { trackingRoutes } from "./tracking/routes.ts";
import { lineWebhookRoutes } from "./webhooks/line-webhook.ts";

export async function buildServer(deps: ServerDeps, logger?: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : {}),
    // Server-Sent Event streams stay open; closing the server must not wait for them.
    forceCloseConnections: true,
    // No PII in logs: request URLs carry search terms (names), so routes log what they did instead.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  await app.register(fastifyCookie);
  installAuthGuard(app, deps);
  // Once, for every route: a route naming an `apiScope` cannot be registered unguarded.
  installApiKeyAuth(app, deps.database.db);

  const hub = await startChangeHub(deps.database);
  app.addHook("onClose", () => hub.close());

  await app.register((scope) => lineWebhookRoutes(scope, deps));
  await app.register((scope) => healthRoutes(scope, deps));
  await app.register(authRoutes(deps));
  await app.register(channelRoutes(deps));
  await app.register(friendRoutes(deps));
  await app.register(tagRoutes(deps));
  await app.register(customFieldRoutes(deps));
  await app.register(campaignRoutes(deps));
  await app.register(streamRoutes(hub));
  await app.register(memberRoutes(deps));
  await app.register(memberImportRoutes(deps));
  await app.register(messageRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(publicApiRoutes(deps));
  await app.register(linkingRoutes(deps));
  await app.register(segmentRoutes(deps));
  await app.register(richMenuRoutes(deps));
  await app.register(trackingRoutes(deps));
  installNotFoundHandler(app, await serveAdminUi(app, deps.webDist));
  return app;
}

/** The built admin UI at `/`. Returns whether it is there to serve. */
async function serveAdminUi(app: FastifyInstance, webDist: string | undefined): Promise<boolean> {
  if (!webDist || !existsSync(join(webDist, "index.html"))) {
    app.get("/", (_request, reply) =>
      reply
        .type("text/plain")
        .send("Kizuna API is running. The admin UI is not built: run `npm run build:web`."),
    );
    return false;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false });
  return true;
}
