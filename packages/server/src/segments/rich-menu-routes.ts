import { tappableAreas } from "@kizuna/core";
import { findChannel } from "@kizuna/db";
import { createLineClient } from "@kizuna/line";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

/**
 * The channel's rich menus as LINE has them, with the area names their taps are recorded
 * under: what the segment builder offers for "tapped a rich-menu area".
 */
export function richMenuRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.get(
      "/api/channels/:channelId/rich-menus",
      { config: { permission: "segments:read" }, schema: { params: channelParams } },
      async (request, reply) => {
        const channel = await findChannel(db, request.params.channelId);
        if (!channel) return sendError(reply, 404, "not_found", "channel not found");
        const line = createLineClient({
          channelAccessToken: deps.secretBox.open(channel.access_token_enc),
          apiBaseUrl: channel.api_base_url,
        });
        try {
          const menus = await line.getRichMenus();
          return {
            richMenus: menus.map((menu) => ({
              richMenuId: menu.richMenuId,
              name: menu.name,
              chatBarText: menu.chatBarText,
              areas: tappableAreas(menu),
            })),
          };
        } catch (error) {
          request.log.warn(
            { channelId: channel.id, err: (error as Error).message },
            "rich menus not read from LINE",
          );
          return sendError(reply, 502, "line_unreachable", "LINE did not list the rich menus");
        }
      },
    );
  };
}
