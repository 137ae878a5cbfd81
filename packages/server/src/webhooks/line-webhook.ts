import { storeWebhookEvents } from "@kizuna/db";
import { isSignedByLine, webhookBodySchema } from "@kizuna/line";
import type { FastifyInstance } from "fastify";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { channelSecretCache } from "./channel-secrets.ts";

// LINE's own cap on a request body.
const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * `POST /webhooks/line/:channelId` (the LINE channel id). The signature is checked on
 * the raw bytes before anything is parsed; events are stored durably (redeliveries
 * dropped by webhookEventId) and the answer is 200 at once: workers process them.
 */
export async function lineWebhookRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const channelKey = channelSecretCache(deps.database.db, deps.secretBox);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post<{ Params: { channelId: string }; Body: Buffer }>(
    "/webhooks/line/:channelId",
    { config: { public: true } },
    async (request, reply) => {
      const channel = await channelKey(request.params.channelId);
      if (!channel) return sendError(reply, 404, "channel_not_found", "No channel with this id.");
      const signature = request.headers["x-line-signature"];
      if (
        !Buffer.isBuffer(request.body) ||
        !isSignedByLine(
          request.body,
          channel.secret,
          typeof signature === "string" ? signature : undefined,
        )
      ) {
        request.log.warn({ channelId: channel.id }, "webhook refused: bad signature");
        return sendError(
          reply,
          401,
          "invalid_signature",
          "X-Line-Signature does not match the body.",
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(request.body.toString("utf8"));
      } catch {
        return sendError(reply, 400, "invalid_json", "The body is not JSON.");
      }
      const parsed = webhookBodySchema.safeParse(json);
      if (!parsed.success) {
        return sendError(
          reply,
          400,
          "invalid_webhook",
          "The body is not a LINE webhook.",
          parsed.error.issues,
        );
      }
      const stored = await storeWebhookEvents(
        deps.database.db,
        channel.id,
        parsed.data.events.map((event) => ({
          webhookEventId: event.webhookEventId,
          type: event.type,
          occurredAt: new Date(event.timestamp),
          payload: event,
        })),
      );
      request.log.debug(
        { channelId: channel.id, received: parsed.data.events.length, stored },
        "webhook stored",
      );
      return reply.code(200).send({});
    },
  );
}
