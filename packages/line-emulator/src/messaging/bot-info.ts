import type { FastifyInstance } from "fastify";
import { channelOf } from "./auth.ts";

/** GET /v2/bot/info (REF#get-bot-info). */
export function botInfoRoute(app: FastifyInstance): void {
  app.get("/v2/bot/info", async (request) => {
    const channel = channelOf(request);
    return {
      userId: channel.botUserId,
      basicId: channel.basicId,
      displayName: channel.name,
      ...(channel.pictureUrl ? { pictureUrl: channel.pictureUrl } : {}),
      // An emulated channel is a bot with chat off; the spec pairs chat "Off" with auto-read.
      chatMode: "bot",
      markAsReadMode: "auto",
    };
  });
}
