import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { controlErrorHandler, sendControlError } from "../control/errors.ts";
import { lenientJsonParser } from "../control/json-body.ts";
import { channelOf } from "../messaging/auth.ts";
import { lineError, sendLineError } from "../messaging/errors.ts";
import { botApiScope } from "../users-api/bot-scope.ts";
import { isUserIdFormat, isUserOf } from "../users-api/user-id.ts";
import { accountLinkDialog } from "./dialog.ts";
import { completeAccountLink, issueLinkToken, type LinkRefusal } from "./link.ts";

const INVALID_USER_ID = lineError(400, "The value for the 'userId' parameter is invalid");

/** POST /v2/bot/user/{userId}/linkToken (REF#issue-link-token) and LINE's account-link dialog. */
export function accountLinkApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.register(async (bot) => {
      botApiScope(bot, ctx);
      bot.post<{ Params: { userId: string } }>(
        "/v2/bot/user/:userId/linkToken",
        async (request, reply) => {
          const { userId } = request.params;
          const channelId = channelOf(request).channelId;
          if (!isUserIdFormat(userId) || !isUserOf(ctx.state, channelId, userId)) {
            return sendLineError(reply, INVALID_USER_ID);
          }
          return { linkToken: issueLinkToken(ctx, channelId, userId) };
        },
      );
    });
    app.register(accountLinkDialog(ctx));
  };
}

const accountLinkSchema = {
  body: {
    type: "object",
    required: ["linkToken", "nonce"],
    additionalProperties: false,
    properties: {
      linkToken: { type: "string", minLength: 1 },
      nonce: { type: "string", minLength: 1, maxLength: 255 },
    },
  },
};

const REFUSAL_STATUS: Record<LinkRefusal["code"], number> = {
  link_token_unknown: 404,
  link_token_used: 409,
  link_token_expired: 410,
  nonce_missing: 400,
};

/**
 * Control API: the virtual user opens the account-link URL and confirms, as a script. 202 with
 * the result LINE sends the bot; an unknown, used or expired token sends nothing.
 */
export function accountLinkControl(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lenientJsonParser(app);
    app.setErrorHandler(controlErrorHandler);
    app.post<{ Params: { userId: string }; Body: { linkToken: string; nonce: string } }>(
      "/users/:userId/account-link",
      { schema: accountLinkSchema },
      async (request, reply) => {
        const { userId } = request.params;
        if (!ctx.state.users.has(userId)) {
          return sendControlError(reply, 404, {
            code: "user_not_found",
            message: `No virtual user ${userId}`,
          });
        }
        const outcome = completeAccountLink(ctx, { ...request.body, visitorUserId: userId });
        if (!outcome.ok)
          return sendControlError(reply, REFUSAL_STATUS[outcome.error.code], outcome.error);
        const { result, webhookEventId, replyToken } = outcome.value;
        return reply
          .code(202)
          .send({ result, webhookEventId, ...(replyToken ? { replyToken } : {}) });
      },
    );
  };
}
