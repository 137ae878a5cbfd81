import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { createChannel, renameChannel, setWebhookUrl } from "../state/channels.ts";
import { sendControlError } from "./errors.ts";

type ChannelParams = { channelId: string };

type CreateChannelBody = {
  name?: string;
  webhookUrl?: string;
  channelId?: string;
  channelSecret?: string;
  channelAccessToken?: string;
  botUserId?: string;
};

type UpdateChannelBody = { name?: string; webhookUrl?: string | null; webhookRedelivery?: boolean };

const webhookUrl = { type: "string", pattern: "^https?://", maxLength: 500 };

const createSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 1, maxLength: 100 },
      webhookUrl,
      channelId: { type: "string", pattern: "^[0-9]{10}$" },
      channelSecret: { type: "string", pattern: "^[0-9a-f]{32}$" },
      channelAccessToken: { type: "string", minLength: 16, maxLength: 1000 },
      botUserId: { type: "string", pattern: "^U[0-9a-f]{32}$" },
    },
  },
};

const updateSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 1, maxLength: 100 },
      webhookUrl: { anyOf: [webhookUrl, { type: "null" }] },
      webhookRedelivery: { type: "boolean" },
    },
  },
};

/**
 * Channels: create (optionally with known credentials), list, read, rename, point the webhook,
 * switch webhook redelivery (off by default, as in the LINE Developers Console).
 */
export function channelRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Body: CreateChannelBody }>(
    "/channels",
    { schema: createSchema },
    async (request, reply) => {
      const created = createChannel(ctx.state, request.body, ctx.now());
      if (!created.ok) return sendControlError(reply, 409, created.error);
      return reply.code(201).send(created.value);
    },
  );

  app.get("/channels", async () => [...ctx.state.channels.values()]);

  app.get<{ Params: ChannelParams }>("/channels/:channelId", async (request, reply) => {
    const channel = ctx.state.channels.get(request.params.channelId);
    if (!channel) return channelNotFound(reply, request.params.channelId);
    return channel;
  });

  app.patch<{ Params: ChannelParams; Body: UpdateChannelBody }>(
    "/channels/:channelId",
    { schema: updateSchema },
    async (request, reply) => {
      const channel = ctx.state.channels.get(request.params.channelId);
      if (!channel) return channelNotFound(reply, request.params.channelId);
      const { name, webhookUrl, webhookRedelivery } = request.body;
      if (name !== undefined) renameChannel(ctx.state, channel, name);
      if (webhookUrl !== undefined) setWebhookUrl(ctx.state, channel, webhookUrl);
      if (webhookRedelivery !== undefined) {
        channel.webhookRedelivery = webhookRedelivery;
        ctx.state.changed();
      }
      return channel;
    },
  );
}

export function channelNotFound(reply: Parameters<typeof sendControlError>[0], channelId: string) {
  return sendControlError(reply, 404, {
    code: "channel_not_found",
    message: `No channel ${channelId}`,
  });
}
