import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { consumeQuota, QUOTA_EXCEEDED } from "../limits/quota.ts";
import { requestIdOf } from "../request-id.ts";
import { recordAggregationUnits } from "../state/engagement.ts";
import { acceptRetry, findAcceptedRetry } from "../state/retry-keys.ts";
import { channelOf } from "./auth.ts";
import { FAILED_TO_SEND, sendLineError } from "./errors.ts";
import { readRetryKey, retryKeyConflict } from "./retry-key.ts";
import { deliver, friendsAmong, isUserOfChannel, newSentMessages } from "./send.ts";
import { validatePushRequest } from "./validate.ts";

/** POST /v2/bot/message/push (REF#send-push-message). */
export function pushRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/message/push", async (request, reply) => {
    const channel = channelOf(request);
    const retryKey = readRetryKey(request);
    if (!retryKey.ok) return sendLineError(reply, retryKey.error);
    const parsed = validatePushRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);
    const { to, messages } = parsed.value;
    // Groups and rooms come later; an ID this channel never saw cannot be pushed to.
    if (!isUserOfChannel(ctx, channel, to)) return sendLineError(reply, FAILED_TO_SEND);

    const now = ctx.now();
    if (retryKey.value) {
      const accepted = findAcceptedRetry(ctx.state, channel.channelId, retryKey.value, now);
      if (accepted) return sendLineError(reply, retryKeyConflict(accepted));
    }
    const recipients = friendsAmong(ctx, channel, [to]);
    if (!consumeQuota(ctx.state, channel.channelId, recipients.length, now)) {
      return sendLineError(reply, QUOTA_EXCEEDED);
    }
    const requestId = requestIdOf(request);
    const sentMessages = newSentMessages(messages, now);
    deliver(ctx, { channel, recipients, messages, sent: sentMessages, via: "push", requestId });
    // Counted under its unit in the per-unit statistics (REF#get-statistics-per-unit).
    recordAggregationUnits(
      ctx.state,
      channel.channelId,
      requestId,
      parsed.value.customAggregationUnits ?? [],
      now,
    );
    if (retryKey.value) {
      acceptRetry(ctx.state, {
        channelId: channel.channelId,
        retryKey: retryKey.value,
        requestId,
        acceptedAt: now,
        sentMessages,
      });
    }
    return { sentMessages };
  });
}
