import { decodeFriendCursor, listFriends } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { channelExists, channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const friendQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["following", "blocked"]).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function friendRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/channels/:channelId/friends",
      {
        config: { permission: "friends:read" },
        schema: { params: channelParams, querystring: friendQuery },
      },
      async (request, reply) => {
        const { q, status, cursor, limit } = request.query;
        const position = cursor ? decodeFriendCursor(cursor) : undefined;
        if (position === null)
          return sendError(reply, 400, "invalid_cursor", "The cursor is not one this API gave.");
        if (!(await channelExists(deps, request.params.channelId))) {
          return sendError(reply, 404, "channel_not_found", "No such channel.");
        }
        return listFriends(deps.database.db, {
          channelId: request.params.channelId,
          search: q || undefined,
          status,
          cursor: position,
          limit,
        });
      },
    );
  };
}
