import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../deps.ts";
import { inflowRouteRoutes } from "../inflow-routes/routes.ts";
import { accountLinkPages } from "./account-link-page.ts";
import { linkingAdminRoutes } from "./admin-routes.ts";
import { linkingContext } from "./context.ts";
import { demoVerifyRoute } from "./demo-verify.ts";
import { lineLoginCallback } from "./line-login.ts";
import { matchPages } from "./match-page.ts";
import { linkingPublicApi } from "./public-api.ts";

/**
 * ID linking and inflow routes: friends' pages (/link/*, /login/line/callback, /r/:code),
 * the public API's linking endpoints and staff's admin API. Each group is its own scope.
 */
export function linkingRoutes(deps: ServerDeps): FastifyPluginAsync {
  const context = linkingContext(deps);
  return async (app) => {
    await app.register(accountLinkPages(context));
    await app.register(matchPages(context));
    await app.register(lineLoginCallback(context));
    await app.register(linkingPublicApi(context));
    await app.register(linkingAdminRoutes(context));
    await app.register(inflowRouteRoutes(context));
    if (deps.linking?.demoVerify) await app.register(demoVerifyRoute(deps));
  };
}
