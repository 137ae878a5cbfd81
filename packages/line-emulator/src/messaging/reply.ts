import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { requestIdOf } from "../request-id.ts";
import { consumeReplyToken } from "../state/reply-tokens.ts";
import { channelOf } from "./auth.ts";
import { INVALID_REPLY_TOKEN, sendLineError } from "./errors.ts";
import { deliver, friendsAmong, newSentMessages } from "./send.ts";
import { validateReplyRequest } from "./validate.ts";

/**
 * POST /v2/bot/message/reply (REF#send-reply-message): one use per token, within its TTL.
 * Replies are free: they never count against the quota. (A retry key here is refused by the
 * endpoint guard in src/limits.)
 */
export function replyRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/message/reply", async (request, reply) => {
    const channel = channelOf(request);
    const parsed = validateReplyRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);

    const now = ctx.now();
    const { replyToken, messages } = parsed.value;
    const grant = consumeReplyToken(
      ctx.state,
      channel.channelId,
      replyToken,
      now,
      ctx.replyTokenTtlMs,
    );
    if (!grant) return sendLineError(reply, INVALID_REPLY_TOKEN);
    const sentMessages = newSentMessages(messages, now);
    deliver(ctx, {
      channel,
      recipients: friendsAmong(ctx, channel, [grant.userId]),
      messages,
      sent: sentMessages,
      via: "reply",
      requestId: requestIdOf(request),
    });
    return { sentMessages };
  });
}
