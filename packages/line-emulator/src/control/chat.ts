import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { findUser } from "../friends/common.ts";
import { chatOf } from "../phone/chat.ts";
import { linkOpens } from "../state/engagement.ts";
import { channelNotFound } from "./channels.ts";
import { sendControlError } from "./errors.ts";

/** A friend's whole chat, both sides in order; and the links a channel's friends opened. */
export function chatRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { userId: string } }>("/users/:userId/chat", async (request, reply) => {
    const found = findUser(ctx, request.params.userId);
    if (!found.ok) return sendControlError(reply, 404, found.error);
    return chatOf(ctx, found.value);
  });

  app.get<{ Params: { channelId: string } }>(
    "/channels/:channelId/link-opens",
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      return linkOpens(ctx.state, channelId);
    },
  );
}
