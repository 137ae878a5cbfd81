import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { receivedMessages } from "../state/received.ts";
import { channelNotFound } from "./channels.ts";

const schema = {
  querystring: {
    type: "object",
    properties: {
      userId: { type: "string" },
      limit: { type: "integer", minimum: 1, maximum: 100_000, default: 1000 },
      offset: { type: "integer", minimum: 0, default: 0 },
    },
  },
};

type Query = { userId?: string; limit: number; offset: number };

/** What the channel's messages looked like from the users' side, in arrival order. */
export function receivedRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { channelId: string }; Querystring: Query }>(
    "/channels/:channelId/received",
    { schema },
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      const { userId, limit, offset } = request.query;
      const all = receivedMessages(ctx.state, channelId, userId);
      const messages = all.slice(offset, offset + limit).map((received) => ({
        userId: received.userId,
        messageId: received.messageId,
        requestId: received.requestId,
        via: received.via,
        at: received.at,
        message: received.message,
      }));
      return { messages, total: all.length };
    },
  );
}
