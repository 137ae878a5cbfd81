import { TEXT_MAX_LENGTH } from "@kizuna/core";
import { type BroadcastView, createBroadcast, listBroadcasts } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { channelExists, channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const broadcastBody = z.object({ text: z.string().trim().min(1).max(TEXT_MAX_LENGTH) });

/** The admin API's view: the text of the (single, for now) text message. */
function present(broadcast: BroadcastView) {
  const first = broadcast.messages[0] as { text?: string } | undefined;
  const { messages: _, channelId: __, ...rest } = broadcast;
  return { ...rest, text: first?.text ?? "" };
}

export function broadcastRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      "/api/channels/:channelId/broadcasts",
      { config: { permission: "broadcasts:read" }, schema: { params: channelParams } },
      async (request) => ({
        broadcasts: (await listBroadcasts(db, request.params.channelId)).map(present),
      }),
    );

    app.post(
      "/api/channels/:channelId/broadcasts",
      {
        config: { permission: "broadcasts:send" },
        schema: { params: channelParams, body: broadcastBody },
      },
      async (request, reply) => {
        if (!(await channelExists(deps, request.params.channelId))) {
          return sendError(reply, 404, "channel_not_found", "No such channel.");
        }
        const broadcast = await createBroadcast(db, {
          channelId: request.params.channelId,
          messages: [{ type: "text", text: request.body.text }],
          createdBy: request.staff?.user.id ?? null,
        });
        request.log.info(
          { broadcastId: broadcast.id, channelId: broadcast.channelId },
          "broadcast queued",
        );
        return reply.code(202).send({ broadcast: present(broadcast) });
      },
    );
  };
}
