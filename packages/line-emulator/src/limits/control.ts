import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelNotFound } from "../control/channels.ts";
import { controlErrorHandler } from "../control/errors.ts";
import { lenientJsonParser } from "../control/json-body.ts";
import {
  aggregationUnitLimit,
  setAggregationUnitLimit,
  unitsThisMonth,
} from "../state/engagement.ts";
import type { QuotaPlanName, QuotaSettings } from "../state/messaging.ts";
import {
  monthlyTarget,
  quotaSettings,
  quotaUsage,
  remainingQuota,
  setQuotaSettings,
  setQuotaUsed,
} from "./quota.ts";
import type { Rate, RateLimitOptions } from "./rate-limits.ts";

// Control API for the limits (mounted under /_emulator): rate limits for the whole emulator,
// quota plan and usage per channel.

const rate = {
  type: "object",
  additionalProperties: false,
  required: ["limit", "windowMs"],
  properties: {
    limit: { type: "integer", minimum: 1 },
    windowMs: { type: "integer", minimum: 1 },
  },
};

const rateLimitsSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      enabled: { type: "boolean" },
      multiplier: { type: "number", exclusiveMinimum: 0 },
      overrides: {
        type: "object",
        additionalProperties: { anyOf: [rate, { const: "off" }] },
      },
    },
  },
};

const quotaSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      plan: { enum: ["communication", "light", "standard"] },
      // One type list, not anyOf: the control API coerces types, and in an anyOf the first
      // branch would turn null into 0 (or 0 into null); a value of either type is kept as is.
      additionalLimit: { type: ["integer", "null"], minimum: 0 },
      limit: { type: ["integer", "null"], minimum: 0 },
      used: { type: "integer", minimum: 0 },
    },
  },
};

const aggregationUnitsSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    required: ["limit"],
    // A type list, as for the quota: null stays null and 0 stays 0.
    properties: { limit: { type: ["integer", "null"], minimum: 0 } },
  },
};

type QuotaBody = {
  plan?: QuotaPlanName;
  additionalLimit?: number | null;
  /** null removes a custom limit. */
  limit?: number | null;
  used?: number;
};

type ChannelParams = { channelId: string };

export function limitsControlApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lenientJsonParser(app);
    app.setErrorHandler(controlErrorHandler);

    app.get("/rate-limits", async () => rateLimitsView(ctx));

    app.patch<{ Body: RateLimitOptions & { overrides?: Record<string, Rate | "off"> } }>(
      "/rate-limits",
      { schema: rateLimitsSchema },
      async (request) => {
        ctx.rateLimits.configure(request.body ?? {});
        return rateLimitsView(ctx);
      },
    );

    app.post("/rate-limits/reset", async () => {
      ctx.rateLimits.reset();
      return rateLimitsView(ctx);
    });

    app.get<{ Params: ChannelParams }>("/channels/:channelId/quota", async (request, reply) => {
      const { channelId } = request.params;
      if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
      return quotaView(ctx, channelId);
    });

    app.patch<{ Params: ChannelParams; Body: QuotaBody }>(
      "/channels/:channelId/quota",
      { schema: quotaSchema },
      async (request, reply) => {
        const { channelId } = request.params;
        if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
        const body = request.body ?? {};
        const current = quotaSettings(ctx.state, channelId);
        const { limit: _, ...withoutLimit } = current;
        const next: QuotaSettings = {
          ...(body.limit === null ? withoutLimit : current),
          ...(body.plan !== undefined ? { plan: body.plan } : {}),
          ...(body.additionalLimit !== undefined ? { additionalLimit: body.additionalLimit } : {}),
          ...(typeof body.limit === "number" ? { limit: body.limit } : {}),
        };
        setQuotaSettings(ctx.state, channelId, next);
        if (body.used !== undefined) setQuotaUsed(ctx.state, channelId, body.used, ctx.now());
        return quotaView(ctx, channelId);
      },
    );

    // LINE's 1,000 unit names a month, lower for a test; `limit: null` restores 1,000.
    app.get<{ Params: ChannelParams }>(
      "/channels/:channelId/aggregation-units",
      async (request, reply) => {
        const { channelId } = request.params;
        if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
        return aggregationUnitsView(ctx, channelId);
      },
    );

    app.patch<{ Params: ChannelParams; Body: { limit: number | null } }>(
      "/channels/:channelId/aggregation-units",
      { schema: aggregationUnitsSchema },
      async (request, reply) => {
        const { channelId } = request.params;
        if (!ctx.state.channels.has(channelId)) return channelNotFound(reply, channelId);
        setAggregationUnitLimit(ctx.state, channelId, request.body.limit);
        return aggregationUnitsView(ctx, channelId);
      },
    );
  };
}

function aggregationUnitsView(ctx: EmulatorContext, channelId: string) {
  return {
    limit: aggregationUnitLimit(ctx.state, channelId),
    used: unitsThisMonth(ctx.state, channelId, ctx.now()).size,
  };
}

function rateLimitsView(ctx: EmulatorContext) {
  return { ...ctx.rateLimits.settings(), endpoints: ctx.rateLimits.describe() };
}

function quotaView(ctx: EmulatorContext, channelId: string) {
  const now = ctx.now();
  const settings = quotaSettings(ctx.state, channelId);
  const target = monthlyTarget(settings);
  const usage = quotaUsage(ctx.state, channelId, now);
  const remaining = remainingQuota(ctx.state, channelId, now);
  return {
    ...settings,
    quota: target === null ? { type: "none" } : { type: "limited", value: target },
    month: usage.month,
    used: usage.used,
    reserved: usage.reserved,
    remaining: Number.isFinite(remaining) ? remaining : null,
  };
}
