import { newApiKey } from "@kizuna/core/api-keys";
import { API_KEY_SCOPES } from "@kizuna/core/api-keys/scopes";
import { createApiKey, listApiKeys, revokeApiKey } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const keyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1)
    .transform((scopes) => [...new Set(scopes)]),
});

/** Staff create, list and revoke public API keys; a key is shown once, when created. */
export function apiKeyRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get("/api/api-keys", { config: { permission: "api_keys:manage" } }, async () => ({
      apiKeys: await listApiKeys(db),
    }));

    app.post(
      "/api/api-keys",
      { config: { permission: "api_keys:manage" }, schema: { body: keyBody } },
      async (request, reply) => {
        const staff = request.staff!;
        const fresh = newApiKey();
        const apiKey = await createApiKey(db, {
          name: request.body.name,
          scopes: request.body.scopes,
          hash: fresh.hash,
          prefix: fresh.prefix,
          createdBy: staff.user.id,
        });
        request.log.info({ apiKeyId: apiKey.id }, "API key created");
        return reply.code(201).send({ apiKey, key: fresh.key });
      },
    );

    app.delete(
      "/api/api-keys/:apiKeyId",
      {
        config: { permission: "api_keys:manage" },
        schema: { params: z.object({ apiKeyId: z.uuid() }) },
      },
      async (request, reply) => {
        if (!(await revokeApiKey(db, request.params.apiKeyId, request.staff!.user.id))) {
          return sendError(reply, 404, "api_key_not_found", "No such key, or revoked already.");
        }
        request.log.info({ apiKeyId: request.params.apiKeyId }, "API key revoked");
        return reply.code(204).send();
      },
    );
  };
}
