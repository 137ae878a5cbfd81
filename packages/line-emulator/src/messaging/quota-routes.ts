import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { monthlyTarget, quotaSettings, quotaUsage } from "../limits/quota.ts";
import { channelOf } from "./auth.ts";

/** GET /v2/bot/message/quota and /quota/consumption (REF#get-quota, REF#get-consumption). */
export function quotaRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get("/v2/bot/message/quota", async (request) => {
    const target = monthlyTarget(quotaSettings(ctx.state, channelOf(request).channelId));
    return target === null ? { type: "none" } : { type: "limited", value: target };
  });

  app.get("/v2/bot/message/quota/consumption", async (request) => {
    const usage = quotaUsage(ctx.state, channelOf(request).channelId, ctx.now());
    return { totalUsage: usage.used };
  });
}
