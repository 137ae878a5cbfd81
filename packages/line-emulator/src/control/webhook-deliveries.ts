import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelNotFound } from "./channels.ts";

/** The channel's webhook attempts, oldest first: when, which events, and what the bot answered. */
export function webhookDeliveryRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { channelId: string } }>(
    "/channels/:channelId/webhook-deliveries",
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      return ctx.webhooks.deliveries(channelId);
    },
  );
}
