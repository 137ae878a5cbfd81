import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelNotFound } from "../control/channels.ts";
import { controlErrorHandler } from "../control/errors.ts";
import { lenientJsonParser } from "../control/json-body.ts";
import { type AccountType, accountTypeOf, setAccountType } from "../state/users-api.ts";
import { botApiScope } from "./bot-scope.ts";
import { contentRoutes } from "./content.ts";
import { followerRoutes } from "./followers.ts";
import { loadingRoutes } from "./loading.ts";
import { markAsReadRoutes } from "./mark-as-read.ts";

/** What a bot does with its users' chats: follower IDs, content, read marks, loading animation. */
export function usersApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    botApiScope(app, ctx);
    followerRoutes(app, ctx);
    contentRoutes(app, ctx);
    markAsReadRoutes(app, ctx);
    loadingRoutes(app, ctx);
  };
}

const ACCOUNT_TYPES: AccountType[] = ["unverified", "verified", "premium"];

const accountTypeSchema = {
  body: {
    type: "object",
    required: ["type"],
    additionalProperties: false,
    properties: { type: { type: "string", enum: ACCOUNT_TYPES } },
  },
};

/**
 * Control API: a channel's account type. New channels are unverified, as new LINE Official
 * Accounts are; verified and premium accounts may list their followers.
 */
export function usersApiControl(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lenientJsonParser(app);
    app.setErrorHandler(controlErrorHandler);
    type Params = { channelId: string };

    app.get<{ Params: Params }>("/channels/:channelId/account-type", async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      return { channelId, type: accountTypeOf(ctx.state, channelId) };
    });

    app.put<{ Params: Params; Body: { type: AccountType } }>(
      "/channels/:channelId/account-type",
      { schema: accountTypeSchema },
      async (request, reply) => {
        const { channelId } = request.params;
        if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
        setAccountType(ctx.state, channelId, request.body.type);
        return { channelId, type: request.body.type };
      },
    );
  };
}
