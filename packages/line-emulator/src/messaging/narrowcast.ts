import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import {
  QUOTA_EXCEEDED,
  remainingQuota,
  reserveQuota,
  settleReservation,
} from "../limits/quota.ts";
import { requestIdOf } from "../request-id.ts";
import { acceptRetry, findAcceptedRetry } from "../state/retry-keys.ts";
import type { Channel } from "../state/types.ts";
import { channelOf } from "./auth.ts";
import { lineError, NOT_FOUND, requestBodyErrors, sendLineError } from "./errors.ts";
import {
  NARROWCAST_ERRORS,
  type NarrowcastFailure,
  type NarrowcastJob,
  PROGRESS_RETENTION_MS,
  progressOf,
  rememberAudienceOfRequest,
} from "./narrowcast-jobs.ts";
import { matchesDemographic, resolveRecipient } from "./recipients.ts";
import { readRetryKey, retryKeyConflict } from "./retry-key.ts";
import { allFriends, deliver, friendsAmong, newSentMessages } from "./send.ts";
import { type NarrowcastRequest, validateNarrowcastRequest } from "./validate.ts";

const NOT_ENOUGH_FRIENDS = lineError(403, "Your account does not have enough friends");

/**
 * POST /v2/bot/message/narrowcast (REF#send-narrowcast-message) → 202 `{}`; the delivery runs
 * in phases readable at GET /v2/bot/message/progress/narrowcast. The targets are chosen when the
 * request is accepted and their number is reserved from the quota until delivery completes, so
 * sends running meanwhile see less quota (REF: "Note regarding the number of remaining messages").
 */
export function narrowcastRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/message/narrowcast", async (request, reply) => {
    const channel = channelOf(request);
    const retryKey = readRetryKey(request);
    if (!retryKey.ok) return sendLineError(reply, retryKey.error);
    const parsed = validateNarrowcastRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);

    const now = ctx.now();
    if (retryKey.value) {
      const accepted = findAcceptedRetry(ctx.state, channel.channelId, retryKey.value, now);
      if (accepted) return sendLineError(reply, retryKeyConflict(accepted));
    }
    const narrowcast = parsed.value;
    const friends = allFriends(ctx, channel);
    // Attribute filters need a target reach of 100 (REF#send-narrowcast-message).
    if (narrowcast.demographic && friends.length < ctx.narrowcasts.options.minFilterReach) {
      return sendLineError(reply, NOT_ENOUGH_FRIENDS);
    }
    const resolved = resolveRecipient(
      ctx,
      channel.channelId,
      new Set(friends),
      narrowcast.recipient,
    );
    if (!resolved.ok) return sendLineError(reply, requestBodyErrors([resolved.error]));
    let targets = [...resolved.value.userIds];
    const { demographic, limit } = narrowcast;
    if (demographic) {
      targets = targets.filter((userId) =>
        matchesDemographic(ctx, channel.channelId, userId, demographic, now),
      );
    }
    if (limit.max !== undefined) targets = randomSubset(targets, limit.max);

    let failure: NarrowcastFailure | undefined;
    const remaining = remainingQuota(ctx.state, channel.channelId, now);
    if (targets.length > remaining) {
      if (!limit.upToRemainingQuota) return sendLineError(reply, QUOTA_EXCEEDED);
      if (limit.forbidPartialDelivery) failure = NARROWCAST_ERRORS.partialDeliveryForbidden;
      else targets = randomSubset(targets, remaining);
    }
    const { minAudienceSize, minRecipients } = ctx.narrowcasts.options;
    if (resolved.value.audienceSizes.some((size) => size < minAudienceSize)) {
      failure ??= NARROWCAST_ERRORS.smallAudience;
    }
    if (targets.length < minRecipients) failure ??= NARROWCAST_ERRORS.notEnoughRecipients;

    const requestId = requestIdOf(request);
    startNarrowcast(ctx, channel, requestId, narrowcast, failure ? [] : targets, failure);
    if (retryKey.value) {
      acceptRetry(ctx.state, {
        channelId: channel.channelId,
        retryKey: retryKey.value,
        requestId,
        acceptedAt: now,
      });
    }
    return reply.code(202).send({});
  });

  app.get<{ Querystring: { requestId?: string } }>(
    "/v2/bot/message/progress/narrowcast",
    async (request, reply) => {
      const { requestId } = request.query;
      if (!requestId) {
        return sendLineError(
          reply,
          requestBodyErrors([{ message: "May not be empty", property: "requestId" }]),
        );
      }
      const job = ctx.narrowcasts.jobs.get(requestId);
      if (
        !job ||
        job.channelId !== channelOf(request).channelId ||
        ctx.now() - job.acceptedAt > PROGRESS_RETENTION_MS
      ) {
        return sendLineError(reply, NOT_FOUND);
      }
      return progressOf(job);
    },
  );
}

/** waiting → sending (delivery) → succeeded, or waiting → failed. */
function startNarrowcast(
  ctx: EmulatorContext,
  channel: Channel,
  requestId: string,
  narrowcast: NarrowcastRequest,
  targets: string[],
  failure: NarrowcastFailure | undefined,
): void {
  const { channelId } = channel;
  const job: NarrowcastJob = { requestId, channelId, phase: "waiting", acceptedAt: ctx.now() };
  ctx.narrowcasts.jobs.set(requestId, job);
  if (failure) {
    ctx.narrowcasts.schedule([
      () => {
        Object.assign(job, { phase: "failed", failure, completedAt: ctx.now(), targetCount: 0 });
      },
    ]);
    return;
  }
  reserveQuota(ctx.state, channelId, targets.length, ctx.now());
  let delivered: string[] = [];
  ctx.narrowcasts.schedule([
    () => {
      // Friends who blocked the channel while the request waited are skipped.
      delivered = friendsAmong(ctx, channel, targets);
      const { messages } = narrowcast;
      const sent = newSentMessages(messages, ctx.now());
      deliver(ctx, {
        channel,
        recipients: delivered,
        messages,
        sent,
        via: "narrowcast",
        requestId,
      });
      rememberAudienceOfRequest(ctx, channelId, requestId, delivered);
      Object.assign(job, {
        phase: "sending",
        targetCount: targets.length,
        successCount: delivered.length,
        failureCount: targets.length - delivered.length,
      });
    },
    () => {
      settleReservation(ctx.state, channelId, targets.length, delivered.length, ctx.now());
      Object.assign(job, { phase: "succeeded", completedAt: ctx.now() });
    },
  ]);
}

/** `count` users picked at random (LINE picks the recipients of `limit.max` at random). */
function randomSubset(userIds: string[], count: number): string[] {
  if (userIds.length <= count) return userIds;
  const picked = [...userIds];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (picked.length - i));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked.slice(0, count);
}
