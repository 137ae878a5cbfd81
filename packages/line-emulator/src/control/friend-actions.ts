import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { follow, unfollow } from "../friends/actions.ts";
import { detectBeacon } from "../friends/beacon.ts";
import { type FriendActionError, findUser } from "../friends/common.ts";
import { openLink } from "../friends/links.ts";
import { playMedia } from "../friends/media.ts";
import { sendMessage } from "../friends/messages.ts";
import { readMessages } from "../friends/reads.ts";
import { tapRichMenu } from "../friends/rich-menu-tap.ts";
import { tapInMessage } from "../friends/tap-message.ts";
import { sendPostback, type TapOutcome, tapAction } from "../friends/taps.ts";
import { unsendMessage } from "../friends/unsend.ts";
import { isJsonObject, type JsonObject } from "../json.ts";
import type { Result } from "../result.ts";
import { receivedMessages } from "../state/received.ts";
import { sendControlError } from "./errors.ts";
import { parseFriendMessage, parseTapInput } from "./message-input.ts";

type UserParams = { userId: string };

const objectBody = { body: { type: "object" } };

const postbackSchema = {
  body: {
    type: "object",
    required: ["data"],
    additionalProperties: false,
    properties: {
      data: { type: "string", maxLength: 300 },
      displayText: { type: "string", minLength: 1, maxLength: 300 },
      params: { type: "object", additionalProperties: { type: "string" } },
    },
  },
};

const messageIdSchema = {
  body: {
    type: "object",
    required: ["messageId"],
    additionalProperties: false,
    properties: { messageId: { type: "string", minLength: 1 } },
  },
};

const openLinkSchema = {
  body: {
    type: "object",
    required: ["url"],
    additionalProperties: false,
    properties: {
      url: { type: "string", minLength: 1, maxLength: 2000 },
      messageId: { type: "string", minLength: 1 },
    },
  },
};

const playSchema = {
  body: {
    type: "object",
    required: ["messageId"],
    additionalProperties: false,
    properties: {
      messageId: { type: "string", minLength: 1 },
      completed: { type: "boolean", default: true },
    },
  },
};

const beaconSchema = {
  body: {
    type: "object",
    required: ["hwid"],
    additionalProperties: false,
    properties: {
      hwid: { type: "string", pattern: "^[0-9a-f]{10}$" },
      type: { type: "string", enum: ["enter", "banner", "stay"], default: "enter" },
      dm: { type: "string", pattern: "^([0-9a-f]{2}){0,13}$" },
    },
  },
};

/**
 * What a virtual user does in the chat: follow, block, write any message type, tap actions and
 * rich menus, open links, read, play videos, unsend. Actions that send a webhook answer 202 once
 * it is queued.
 */
export function friendActionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: UserParams }>("/users/:userId/follow", async (request, reply) =>
    answer(reply, follow(ctx, request.params.userId)),
  );

  app.post<{ Params: UserParams }>("/users/:userId/unfollow", async (request, reply) =>
    answer(reply, unfollow(ctx, request.params.userId)),
  );

  app.post<{ Params: UserParams; Body: JsonObject }>(
    "/users/:userId/messages",
    { schema: objectBody },
    async (request, reply) => {
      const input = parseFriendMessage(request.body);
      if (!input.ok) return invalid(reply, input.error);
      return answer(reply, sendMessage(ctx, request.params.userId, input.value));
    },
  );

  app.post<{
    Params: UserParams;
    Body: { data: string; displayText?: string; params?: Record<string, string> };
  }>("/users/:userId/postback", { schema: postbackSchema }, async (request, reply) =>
    answerTap(reply, sendPostback(ctx, request.params.userId, request.body)),
  );

  app.post<{ Params: UserParams; Body: JsonObject }>(
    "/users/:userId/tap",
    { schema: objectBody },
    async (request, reply) => {
      const { userId } = request.params;
      const body = request.body;
      const input = parseTapInput(body);
      if (!input.ok) return invalid(reply, input.error);
      if (isJsonObject(body.action)) {
        return answerTap(reply, await tapAction(ctx, userId, body.action, input.value));
      }
      const { messageId, path, label } = body;
      if (
        typeof messageId !== "string" ||
        (typeof path !== "string" && typeof label !== "string")
      ) {
        return invalid(reply, "Give {messageId, path} or {messageId, label}, or a raw {action}");
      }
      const reference =
        typeof path === "string" ? { messageId, path } : { messageId, label: label as string };
      return answerTap(reply, await tapInMessage(ctx, userId, reference, input.value));
    },
  );

  app.post<{ Params: UserParams; Body: JsonObject }>(
    "/users/:userId/rich-menu/tap",
    { schema: objectBody },
    async (request, reply) => {
      const { userId } = request.params;
      const body = request.body;
      const input = parseTapInput(body);
      if (!input.ok) return invalid(reply, input.error);
      if (isJsonObject(body.action)) {
        return answerTap(reply, await tapAction(ctx, userId, body.action, input.value));
      }
      const { x, y, areaIndex } = body;
      const spot =
        typeof areaIndex === "number"
          ? { areaIndex }
          : typeof x === "number" && typeof y === "number"
            ? { x, y }
            : undefined;
      if (!spot)
        return invalid(reply, "Give {x, y} in the menu image's pixels, {areaIndex}, or {action}");
      return answerTap(reply, await tapRichMenu(ctx, userId, spot, input.value));
    },
  );

  app.post<{ Params: UserParams; Body: { messageId: string } }>(
    "/users/:userId/unsend",
    { schema: messageIdSchema },
    async (request, reply) =>
      answer(reply, unsendMessage(ctx, request.params.userId, request.body.messageId)),
  );

  app.post<{ Params: UserParams; Body: { url: string; messageId?: string } }>(
    "/users/:userId/open-link",
    { schema: openLinkSchema },
    async (request, reply) => {
      const { userId } = request.params;
      const found = findUser(ctx, userId);
      if (!found.ok) return fail(reply, found.error);
      const { messageId, url } = request.body;
      let origin: { messageId: string; requestId: string } | undefined;
      if (messageId !== undefined) {
        const received = receivedMessages(ctx.state, found.value.channelId, userId).find(
          (message) => message.messageId === messageId,
        );
        if (!received) {
          return fail(reply, {
            code: "message_not_found",
            message: `${userId} did not receive a message ${messageId}`,
          });
        }
        origin = { messageId, requestId: received.requestId };
      }
      return openLink(ctx, found.value, url, origin);
    },
  );

  app.post<{ Params: UserParams }>("/users/:userId/read", async (request, reply) => {
    const read = readMessages(ctx, request.params.userId);
    return read.ok ? read.value : fail(reply, read.error);
  });

  app.post<{ Params: UserParams; Body: { messageId: string; completed: boolean } }>(
    "/users/:userId/play",
    { schema: playSchema },
    async (request, reply) => {
      const { messageId, completed } = request.body;
      const played = playMedia(ctx, request.params.userId, messageId, { completed });
      if (!played.ok) return fail(reply, played.error);
      return reply.code(played.value.events.length > 0 ? 202 : 200).send(played.value);
    },
  );

  app.post<{
    Params: UserParams;
    Body: { hwid: string; type: "enter" | "banner" | "stay"; dm?: string };
  }>("/users/:userId/beacon", { schema: beaconSchema }, async (request, reply) =>
    answer(reply, detectBeacon(ctx, request.params.userId, request.body)),
  );
}

const NOT_FOUND_CODES = new Set<FriendActionError["code"]>([
  "user_not_found",
  "message_not_found",
  "action_not_found",
  "no_rich_menu",
]);

function fail(reply: FastifyReply, error: FriendActionError): FastifyReply {
  const status = NOT_FOUND_CODES.has(error.code)
    ? 404
    : error.code === "invalid_action"
      ? 400
      : 409;
  return sendControlError(reply, status, error);
}

function invalid(reply: FastifyReply, message: string): FastifyReply {
  return sendControlError(reply, 400, { code: "invalid_request", message });
}

function answer<T>(reply: FastifyReply, result: Result<T, FriendActionError>): FastifyReply {
  return result.ok ? reply.code(202).send(result.value) : fail(reply, result.error);
}

/** 202 when the tap sent webhook events, 200 when it only opened a link or copied text. */
function answerTap<T extends TapOutcome>(
  reply: FastifyReply,
  result: Result<T, FriendActionError>,
): FastifyReply {
  if (!result.ok) return fail(reply, result.error);
  return reply.code(result.value.events.length > 0 ? 202 : 200).send(result.value);
}
