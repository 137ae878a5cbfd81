import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { isJsonObject } from "../json.ts";
import { channelOf } from "../messaging/auth.ts";
import {
  invalidProperty,
  lineError,
  requestBodyErrors,
  sendLineError,
} from "../messaging/errors.ts";
import { type EmulatorState, mapFor } from "../state/state.ts";
import type { MarkAsReadGrant, ReadMark } from "../state/users-api.ts";
import { NOT_AVAILABLE } from "./followers.ts";

// Marking a user's messages as read (REF#mark-as-read, DOC:mark-as-read): each message event
// carries a `markAsReadToken`; the bot sends it back and everything the user sent up to that
// message shows as read in the user's chat.

const INVALID_TOKEN = lineError(
  400,
  "Invalid markAsReadToken. Tokens must be used by the bot that received them via Webhook.",
);

/**
 * A token for the `message.markAsReadToken` of a message event. Call it when a user's message is
 * queued to the bot; the token never expires, as on LINE.
 */
export function issueMarkAsReadToken(state: EmulatorState, grant: MarkAsReadGrant): string {
  let token = randomBytes(36).toString("base64url");
  while (state.usersApi.markAsReadTokens.has(token)) token = randomBytes(36).toString("base64url");
  state.usersApi.markAsReadTokens.set(token, grant);
  state.changed();
  return token;
}

/** The latest of the user's messages the bot marked as read, for the phone view's "Read". */
export function readMarkOf(
  state: EmulatorState,
  channelId: string,
  userId: string,
): ReadMark | undefined {
  return state.usersApi.readMarks.get(channelId)?.get(userId);
}

export function markAsReadRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/chat/markAsRead", async (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body)) {
      return sendLineError(reply, lineError(400, "The request body could not be parsed as JSON"));
    }
    const { markAsReadToken } = body;
    if (markAsReadToken == null) {
      return sendLineError(
        reply,
        requestBodyErrors([{ message: "must be specified", property: "markAsReadToken" }]),
      );
    }
    if (typeof markAsReadToken !== "string") {
      return sendLineError(reply, invalidProperty("markAsReadToken"));
    }
    const channelId = channelOf(request).channelId;
    const grant = ctx.state.usersApi.markAsReadTokens.get(markAsReadToken);
    if (grant?.channelId !== channelId) return sendLineError(reply, INVALID_TOKEN);
    const marks = mapFor(ctx.state.usersApi.readMarks, channelId);
    const current = marks.get(grant.userId);
    // Marking an older message again leaves later read marks as they are.
    if (!current || current.sentAt <= grant.sentAt) {
      marks.set(grant.userId, {
        messageId: grant.messageId,
        sentAt: grant.sentAt,
        markedAt: ctx.now(),
      });
      ctx.state.changed();
    }
    return {};
  });

  // The older `{chat: {userId}}` endpoint is for corporate partners only (REF partner-docs).
  app.post("/v2/bot/message/markAsRead", async (_request, reply) =>
    sendLineError(reply, NOT_AVAILABLE),
  );
}
