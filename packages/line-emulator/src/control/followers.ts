import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { followInBulk } from "../friends/bulk.ts";
import { createUsers } from "../state/users.ts";
import { channelNotFound } from "./channels.ts";
import { sendControlError } from "./errors.ts";

type Body = { count?: number; namePrefix?: string; userIds?: string[]; silent: boolean };

const schema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      count: { type: "integer", minimum: 1, maximum: 1_000_000 },
      namePrefix: { type: "string", minLength: 1, maxLength: 80 },
      userIds: { type: "array", maxItems: 1_000_000, items: { type: "string" } },
      silent: { type: "boolean", default: false },
    },
  },
};

/**
 * Many friends at once: `{count}` creates that many users who all follow; `{userIds}` makes
 * existing users follow. `silent: true` sends no follow events (seeding).
 */
export function followerRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { channelId: string }; Body: Body }>(
    "/channels/:channelId/followers",
    { schema, bodyLimit: 64 * 1024 * 1024 },
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      const { count, namePrefix, userIds, silent } = request.body;
      if ((count === undefined) === (userIds === undefined)) {
        return sendControlError(reply, 400, {
          code: "invalid_request",
          message: "Give either count (new users who follow) or userIds (existing users)",
        });
      }
      if (count !== undefined) {
        const created = createUsers(ctx.state, channelId, count, namePrefix ?? "Friend");
        const result = followInBulk(ctx, channelId, created, { silent, newUsers: true });
        return reply.code(201).send({ userIds: created, ...result });
      }
      return followInBulk(ctx, channelId, userIds!, { silent });
    },
  );
}
