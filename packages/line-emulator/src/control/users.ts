import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { followStatus } from "../state/friendships.ts";
import { createUser, createUsers, listUsers } from "../state/users.ts";
import { channelNotFound } from "./channels.ts";
import { sendControlError } from "./errors.ts";

type ChannelParams = { channelId: string };

type CreateUsersBody = {
  displayName?: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
  count?: number;
  namePrefix?: string;
};

/** Enough for load tests; a million friends is already a very large LINE account. */
const MAX_BULK = 1_000_000;

const createSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      displayName: { type: "string", minLength: 1, maxLength: 100 },
      pictureUrl: { type: "string", pattern: "^https?://", maxLength: 2000 },
      statusMessage: { type: "string", maxLength: 500 },
      language: { type: "string", minLength: 2, maxLength: 35 },
      count: { type: "integer", minimum: 1, maximum: MAX_BULK },
      namePrefix: { type: "string", minLength: 1, maxLength: 80 },
    },
  },
};

const listSchema = {
  querystring: {
    type: "object",
    properties: {
      limit: { type: "integer", minimum: 1, maximum: 10_000, default: 100 },
      offset: { type: "integer", minimum: 0, default: 0 },
    },
  },
};

/** Virtual users of a channel: create one or many (not yet friends), list them with status. */
export function userRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: ChannelParams; Body: CreateUsersBody }>(
    "/channels/:channelId/users",
    { schema: createSchema },
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      const { count, namePrefix, displayName, ...profile } = request.body;
      if (count !== undefined) {
        const userIds = createUsers(ctx.state, channelId, count, namePrefix ?? "User");
        return reply.code(201).send({ userIds });
      }
      if (!displayName) {
        return sendControlError(reply, 400, {
          code: "invalid_request",
          message: "Give displayName for one user, or count for many",
        });
      }
      const user = createUser(ctx.state, channelId, { displayName, ...profile });
      return reply.code(201).send({ userId: user.userId });
    },
  );

  app.get<{ Params: ChannelParams; Querystring: { limit: number; offset: number } }>(
    "/channels/:channelId/users",
    { schema: listSchema },
    async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      const { limit, offset } = request.query;
      return { ...listUsers(ctx.state, channelId, offset, limit), limit, offset };
    },
  );

  app.get<{ Params: { userId: string } }>("/users/:userId", async (request, reply) => {
    const user = ctx.state.users.get(request.params.userId);
    if (!user) {
      return sendControlError(reply, 404, {
        code: "user_not_found",
        message: `No virtual user ${request.params.userId}`,
      });
    }
    return { ...user, followStatus: followStatus(ctx.state, user.channelId, user.userId) };
  });
}
