import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { setWebhookUrl } from "../state/channels.ts";
import { channelOf } from "./auth.ts";
import { sendLineError } from "./errors.ts";
import { validateWebhookEndpointRequest } from "./validate.ts";

const PATH = "/v2/bot/channel/webhook/endpoint";

/** PUT and GET /v2/bot/channel/webhook/endpoint (REF#set-webhook-endpoint-url). */
export function webhookEndpointRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.put(PATH, async (request, reply) => {
    const parsed = validateWebhookEndpointRequest(request.body);
    if (!parsed.ok) return sendLineError(reply, parsed.error);
    setWebhookUrl(ctx.state, channelOf(request), parsed.value);
    return {};
  });

  app.get(PATH, async (request) => {
    const { webhookUrl } = channelOf(request);
    return { endpoint: webhookUrl ?? "", active: webhookUrl !== null };
  });
}
