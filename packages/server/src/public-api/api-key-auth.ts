import { apiKeyHash } from "@kizuna/core/api-keys";
import type { ApiKeyScope } from "@kizuna/core/api-keys/scopes";
import { type ApiKeyPrincipal, type DB, findApiKeyByHash } from "@kizuna/db";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { sendError } from "../http/errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    apiKey: ApiKeyPrincipal | null;
  }
  interface FastifyContextConfig {
    /** A public API route: the scope its API key must hold. */
    apiScope?: ApiKeyScope;
  }
}

const BEARER = /^Bearer\s+(kz_[A-Za-z0-9_-]{1,100})\s*$/;

/**
 * Authenticates the public API by `Authorization: Bearer kz_…` on every route that names an
 * `apiScope`. Installed once at the app's root. No cookies, so no CSRF token either.
 */
export function installApiKeyAuth(app: FastifyInstance, db: Kysely<DB>): void {
  app.decorateRequest("apiKey", null);
  app.addHook("onRequest", async (request, reply) => {
    const scope = request.routeOptions.config.apiScope;
    if (!scope) return;
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) {
      reply.header("www-authenticate", 'Bearer realm="kizuna"');
      return sendError(
        reply,
        401,
        "unauthenticated",
        "Send an API key: Authorization: Bearer kz_…",
      );
    }
    const key = await findApiKeyByHash(db, apiKeyHash(match[1]!));
    if (!key || key.revoked) {
      reply.header("www-authenticate", 'Bearer realm="kizuna", error="invalid_token"');
      return sendError(reply, 401, "invalid_api_key", "The API key is unknown or revoked.");
    }
    if (!key.scopes.includes(scope)) {
      reply.header(
        "www-authenticate",
        `Bearer realm="kizuna", error="insufficient_scope", scope="${scope}"`,
      );
      return sendError(reply, 403, "insufficient_scope", `The API key lacks the ${scope} scope.`);
    }
    request.apiKey = key;
  });
}
