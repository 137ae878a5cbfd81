import { TIMELINE_KINDS } from "@kizuna/core";
import {
  countFriends,
  decodeFriendCursor,
  friendInChannel,
  getFriendDetail,
  listFriends,
  listTimeline,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { friendEditRoutes } from "./edit-routes.ts";
import { friendExportRoute } from "./export-route.ts";
import {
  filterQueryParam,
  friendParams,
  resolveFilter,
  sendFilterProblems,
} from "./filter-param.ts";
import { presentFieldValue } from "./present.ts";

const friendQuery = z.object({
  filter: filterQueryParam.optional(),
  /** Shorthands of filter.search and filter.status. */
  q: z.string().trim().max(100).optional(),
  status: z.enum(["following", "blocked"]).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const timelineQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Comma-separated kinds, e.g. `followed,blocked,unblocked`. */
  kinds: z
    .string()
    .transform((text) => text.split(","))
    .pipe(z.array(z.enum(TIMELINE_KINDS)))
    .optional(),
});

export function friendRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.get(
      "/api/channels/:channelId/friends",
      {
        config: { permission: "friends:read" },
        schema: { params: channelParams, querystring: friendQuery },
      },
      async (request, reply) => {
        const { filter = {}, q, status, cursor, limit } = request.query;
        const position = cursor ? decodeFriendCursor(cursor) : undefined;
        if (position === null)
          return sendError(reply, 400, "invalid_cursor", "The cursor is not one this API gave.");
        const resolved = await resolveFilter(deps, request.params.channelId, {
          ...filter,
          search: filter.search || q || undefined,
          status: filter.status ?? status,
        });
        if (!resolved.ok) return sendFilterProblems(reply, resolved.problems, "/filter");
        return listFriends(db, resolved.filter, { cursor: position, limit });
      },
    );

    app.get(
      "/api/channels/:channelId/friends/count",
      {
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          querystring: z.object({ filter: filterQueryParam.optional() }),
        },
      },
      async (request, reply) => {
        const resolved = await resolveFilter(
          deps,
          request.params.channelId,
          request.query.filter ?? {},
        );
        if (!resolved.ok) return sendFilterProblems(reply, resolved.problems, "/filter");
        return { count: await countFriends(db, resolved.filter) };
      },
    );

    app.get(
      "/api/channels/:channelId/friends/:friendId",
      { config: { permission: "friends:read" }, schema: { params: friendParams } },
      async (request, reply) => {
        const friend = await getFriendDetail(db, request.params.channelId, request.params.friendId);
        if (!friend)
          return sendError(reply, 404, "friend_not_found", "No such friend in this channel.");
        return { friend: { ...friend, fields: friend.fields.map(presentFieldValue) } };
      },
    );

    app.get(
      "/api/channels/:channelId/friends/:friendId/timeline",
      {
        config: { permission: "friends:read" },
        schema: { params: friendParams, querystring: timelineQuery },
      },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        if (!(await friendInChannel(db, channelId, friendId)))
          return sendError(reply, 404, "friend_not_found", "No such friend in this channel.");
        const page = await listTimeline(db, { friendId, ...request.query });
        if (!page)
          return sendError(reply, 400, "invalid_cursor", "The cursor is not one this API gave.");
        return page;
      },
    );

    await app.register(friendEditRoutes(deps));
    await app.register(friendExportRoute(deps));
  };
}
