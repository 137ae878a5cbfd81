import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { followStatus } from "../state/friendships.ts";
import { channelOf } from "./auth.ts";
import { NOT_FOUND, sendLineError } from "./errors.ts";
import { isUserOfChannel } from "./send.ts";

/** GET /v2/bot/profile/{userId} (REF#get-profile): friends only; others, blocked included, 404. */
export function profileRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { userId: string } }>("/v2/bot/profile/:userId", async (request, reply) => {
    const channel = channelOf(request);
    const { userId } = request.params;
    if (
      !isUserOfChannel(ctx, channel, userId) ||
      followStatus(ctx.state, channel.channelId, userId) !== "following"
    ) {
      return sendLineError(reply, NOT_FOUND);
    }
    const user = ctx.state.users.get(userId)!;
    return {
      userId: user.userId,
      displayName: user.displayName,
      ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.statusMessage ? { statusMessage: user.statusMessage } : {}),
      ...(user.language ? { language: user.language } : {}),
    };
  });
}
