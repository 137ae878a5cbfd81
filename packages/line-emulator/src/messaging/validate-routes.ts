import type { FastifyInstance } from "fastify";
import { sendLineError } from "./errors.ts";
import { type SendKind, validateMessagesOnly } from "./validate.ts";

const KINDS: SendKind[] = ["reply", "push", "multicast", "narrowcast", "broadcast"];

/**
 * POST /v2/bot/message/validate/{reply,push,multicast,narrowcast,broadcast}
 * (REF#validate-message-objects-of-reply-message …): the sending endpoints' own validator,
 * applied to `messages` only; 200 `{}` when they could be sent.
 */
export function validateRoutes(app: FastifyInstance): void {
  for (const kind of KINDS) {
    app.post(`/v2/bot/message/validate/${kind}`, async (request, reply) => {
      const checked = validateMessagesOnly(kind, request.body);
      if (!checked.ok) return sendLineError(reply, checked.error);
      return {};
    });
  }
}
