import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { type FriendActionError, follow, sendText, unfollow } from "../friends/actions.ts";
import { MAX_TEXT_LENGTH } from "../messaging/validate.ts";
import type { Result } from "../result.ts";
import { sendControlError } from "./errors.ts";

type UserParams = { userId: string };

const messageSchema = {
  body: {
    type: "object",
    required: ["text"],
    additionalProperties: false,
    properties: { text: { type: "string", minLength: 1, maxLength: MAX_TEXT_LENGTH } },
  },
};

/** What a virtual user does: follow, block, write. Each answers 202 once the webhook is queued. */
export function friendActionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: UserParams }>("/users/:userId/follow", async (request, reply) =>
    answer(reply, follow(ctx, request.params.userId)),
  );

  app.post<{ Params: UserParams }>("/users/:userId/unfollow", async (request, reply) =>
    answer(reply, unfollow(ctx, request.params.userId)),
  );

  app.post<{ Params: UserParams; Body: { text: string } }>(
    "/users/:userId/messages",
    { schema: messageSchema },
    async (request, reply) =>
      answer(reply, sendText(ctx, request.params.userId, request.body.text)),
  );
}

function answer<T>(reply: FastifyReply, result: Result<T, FriendActionError>): FastifyReply {
  if (result.ok) return reply.code(202).send(result.value);
  const status = result.error.code === "user_not_found" ? 404 : 409;
  return sendControlError(reply, status, result.error);
}
