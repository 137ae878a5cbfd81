import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { consumeQuota, QUOTA_EXCEEDED } from "../limits/quota.ts";
import { requestIdOf } from "../request-id.ts";
import { acceptRetry, findAcceptedRetry } from "../state/retry-keys.ts";
import { channelOf } from "./auth.ts";
import { sendLineError } from "./errors.ts";
import { rememberAudienceOfRequest } from "./narrowcast-jobs.ts";
import { readRetryKey, retryKeyConflict } from "./retry-key.ts";
import { allFriends, deliver, newSentMessages } from "./send.ts";
import { validateBroadcastRequest } from "./validate.ts";

/**
 * POST /v2/bot/message/broadcast (REF#send-broadcast-message): every friend of the channel,
 * answered `{}` once delivered. All of them must fit in the quota, or nobody receives it.
 */
export function broadcastRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/message/broadcast", async (request, reply) => {
    const channel = channelOf(request);
    const retryKey = readRetryKey(request);
    if (!retryKey.ok) return sendLineError(reply, retryKey.error);
    const parsed = validateBroadcastRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);

    const now = ctx.now();
    if (retryKey.value) {
      const accepted = findAcceptedRetry(ctx.state, channel.channelId, retryKey.value, now);
      if (accepted) return sendLineError(reply, retryKeyConflict(accepted));
    }
    const recipients = allFriends(ctx, channel);
    if (!consumeQuota(ctx.state, channel.channelId, recipients.length, now)) {
      return sendLineError(reply, QUOTA_EXCEEDED);
    }
    const requestId = requestIdOf(request);
    const { messages } = parsed.value;
    const sent = newSentMessages(messages, now);
    deliver(ctx, { channel, recipients, messages, sent, via: "broadcast", requestId });
    rememberAudienceOfRequest(ctx, channel.channelId, requestId, recipients);
    if (retryKey.value) {
      acceptRetry(ctx.state, {
        channelId: channel.channelId,
        retryKey: retryKey.value,
        requestId,
        acceptedAt: now,
      });
    }
    return {};
  });
}
