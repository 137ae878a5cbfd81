import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { installAuthGuard } from "./auth/guard.ts";
import { authRoutes } from "./auth/routes.ts";
import { broadcastRoutes } from "./broadcasts/routes.ts";
import { channelRoutes } from "./channels/routes.ts";
import type { ServerDeps } from "./deps.ts";
import { friendRoutes } from "./friends/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { installErrorHandlers, sendError } from "./http/errors.ts";
import { startChangeHub } from "./stream/change-hub.ts";
import { streamRoutes } from "./stream/routes.ts";
import { lineWebhookRoutes } from "./webhooks/line-webhook.ts";

export async function buildServer(
  deps: ServerDeps,
  logger: FastifyServerOptions["logger"] = false,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    // Server-Sent Event streams stay open; closing the server must not wait for them.
    forceCloseConnections: true,
    // No PII in logs: request logs carry method, route and status, never bodies or cookies.
    disableRequestLogging: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  await app.register(fastifyCookie);
  installAuthGuard(app, deps);

  const hub = await startChangeHub(deps.database);
  app.addHook("onClose", () => hub.close());

  await app.register((scope) => lineWebhookRoutes(scope, deps));
  await app.register((scope) => healthRoutes(scope, deps));
  await app.register(authRoutes(deps));
  await app.register(channelRoutes(deps));
  await app.register(friendRoutes(deps));
  await app.register(broadcastRoutes(deps));
  await app.register(streamRoutes(hub));
  await serveAdminUi(app, deps.webDist);
  return app;
}

/** The built admin UI at `/`; any other non-API path falls back to its index.html. */
async function serveAdminUi(app: FastifyInstance, webDist: string | undefined): Promise<void> {
  if (!webDist || !existsSync(join(webDist, "index.html"))) {
    app.get("/", { config: { public: true } }, (_request, reply) =>
      reply.type("text/plain").send("Kizuna API is running. The admin UI is not built: run `npm run build:web`."),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (request.method !== "GET" || path.startsWith("/api/") || path.startsWith("/webhooks/")) {
      return sendError(reply, 404, "not_found", `No route for ${request.method} ${path}`);
    }
    return reply.sendFile("index.html");
  });
}
