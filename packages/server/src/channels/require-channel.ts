import type { FastifyInstance } from "fastify";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { channelExists } from "./routes.ts";

/**
 * Answers 404 for a route under /api/channels/:channelId of a channel that does not exist,
 * after sign-in and validation, so that handlers may take the channel as given.
 */
export function requireChannel(app: FastifyInstance, deps: ServerDeps): void {
  app.addHook("preHandler", async (request, reply) => {
    const { channelId } = request.params as { channelId?: string };
    if (channelId && !(await channelExists(deps, channelId)))
      return sendError(reply, 404, "channel_not_found", "No such channel.");
  });
}
