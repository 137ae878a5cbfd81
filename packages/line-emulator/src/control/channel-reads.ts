import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { readChannel } from "../friends/reads.ts";
import { channelNotFound } from "./channels.ts";
import { sendControlError } from "./errors.ts";

type Body = { share?: number; userIds?: string[] };

const schema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      share: { type: "number", minimum: 0, maximum: 1 },
      userIds: { type: "array", maxItems: 1_000_000, items: { type: "string" } },
    },
  },
};

/**
 * Many friends open the chat at once, each as `POST /users/:userId/read`: everyone with
 * something unread, a `share` of them, or the given `userIds`.
 */
export function channelReadRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { channelId: string }; Body: Body }>(
    "/channels/:channelId/read",
    { schema, bodyLimit: 64 * 1024 * 1024 },
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      const { share, userIds } = request.body;
      if (share !== undefined && userIds !== undefined) {
        return sendControlError(reply, 400, {
          code: "invalid_request",
          message: "Give share (of the friends with something unread) or userIds, not both",
        });
      }
      const result = readChannel(ctx, channelId, userIds ? { userIds } : { share: share ?? 1 });
      return { readers: result.userIds.length, ...result };
    },
  );
}
