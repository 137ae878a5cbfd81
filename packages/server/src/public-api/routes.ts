import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ServerDeps } from "../deps.ts";
import { publicEventRoutes } from "../events/routes.ts";
import { publicMemberRoutes } from "./member-routes.ts";
import { openApiDocument } from "./openapi.ts";

/**
 * `/api/v1`: the public REST API. Its routes are `public` to the staff guard (no session,
 * no CSRF: nothing rides on cookies) and authenticated by API key instead (the hook is
 * installed once for the whole app in app.ts).
 */
export function publicApiRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/v1/openapi.json", { config: { public: true } }, async () => openApiDocument());
    await app.register(publicMemberRoutes(deps));
    await app.register(publicEventRoutes(deps));
  };
}
