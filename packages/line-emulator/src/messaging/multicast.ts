import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { consumeQuota, QUOTA_EXCEEDED } from "../limits/quota.ts";
import { requestIdOf } from "../request-id.ts";
import { recordAggregationUnits } from "../state/engagement.ts";
import { acceptRetry, findAcceptedRetry } from "../state/retry-keys.ts";
import { channelOf } from "./auth.ts";
import { sendLineError } from "./errors.ts";
import { readRetryKey, retryKeyConflict } from "./retry-key.ts";
import { deliver, friendsAmong, newSentMessages } from "./send.ts";
import { validateMulticastRequest } from "./validate.ts";

/**
 * POST /v2/bot/message/multicast (REF#send-multicast-message); answers `{}`. Every friend among
 * `to` counts against the quota; if they do not all fit, nobody receives anything.
 */
export function multicastRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/message/multicast", async (request, reply) => {
    const channel = channelOf(request);
    const retryKey = readRetryKey(request);
    if (!retryKey.ok) return sendLineError(reply, retryKey.error);
    const parsed = validateMulticastRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);

    const now = ctx.now();
    if (retryKey.value) {
      const accepted = findAcceptedRetry(ctx.state, channel.channelId, retryKey.value, now);
      if (accepted) return sendLineError(reply, retryKeyConflict(accepted));
    }
    const { to, messages } = parsed.value;
    const recipients = friendsAmong(ctx, channel, to);
    if (!consumeQuota(ctx.state, channel.channelId, recipients.length, now)) {
      return sendLineError(reply, QUOTA_EXCEEDED);
    }
    const requestId = requestIdOf(request);
    const sent = newSentMessages(messages, now);
    deliver(ctx, { channel, recipients, messages, sent, via: "multicast", requestId });
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
      });
    }
    return {};
  });
}
