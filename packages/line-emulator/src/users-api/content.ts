import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelOf } from "../messaging/auth.ts";
import { NOT_FOUND, sendLineError } from "../messaging/errors.ts";
import type { EmulatorState } from "../state/state.ts";
import type { MessageContentBlob } from "../state/users-api.ts";
import { encodePng } from "./png.ts";

// Content users send (REF#get-content): the bot downloads an image, video, audio or file a user
// sent with `contentProvider.type: "line"` from api-data.line.me by message ID.

/** Keeps the bytes of a message a user sent, for the bot to download. */
export function storeMessageContent(
  state: EmulatorState,
  blob: Omit<MessageContentBlob, "storedAt">,
  nowMs: number,
): void {
  state.usersApi.contents.set(blob.messageId, { ...blob, storedAt: nowMs });
  state.changed();
}

/** The stored content of a message, if the channel received it. */
export function messageContentOf(
  state: EmulatorState,
  channelId: string,
  messageId: string,
): MessageContentBlob | undefined {
  const blob = state.usersApi.contents.get(messageId);
  return blob?.channelId === channelId ? blob : undefined;
}

/**
 * A small PNG standing in for a photo a virtual user took: 240×240, a diagonal gradient in a
 * colour derived from `seed` (e.g. the message ID), so different messages give different images.
 */
export function generatedPhoto(seed: string, size = 240): Buffer {
  const [r, g, b] = createHash("sha256").update(seed).digest();
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shade = (x + y) / (2 * size);
      const i = (y * size + x) * 3;
      pixels[i] = Math.round(r! * (1 - shade) + 255 * shade);
      pixels[i + 1] = Math.round(g! * (1 - shade) + 255 * shade);
      pixels[i + 2] = Math.round(b! * (1 - shade) + 255 * shade);
    }
  }
  return encodePng(size, size, pixels);
}

/** GET /v2/bot/message/{messageId}/content and …/content/preview, on api-data.line.me. */
export function contentRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { messageId: string } }>(
    "/v2/bot/message/:messageId/content",
    async (request, reply) => {
      const blob = messageContentOf(
        ctx.state,
        channelOf(request).channelId,
        request.params.messageId,
      );
      if (!blob) return sendLineError(reply, NOT_FOUND);
      return reply.type(blob.contentType).send(blob.data);
    },
  );

  // LINE previews images and videos with a smaller image; the emulator gives the image itself,
  // and for a video a generated still.
  app.get<{ Params: { messageId: string } }>(
    "/v2/bot/message/:messageId/content/preview",
    async (request, reply) => {
      const blob = messageContentOf(
        ctx.state,
        channelOf(request).channelId,
        request.params.messageId,
      );
      if (blob?.contentType.startsWith("image/"))
        return reply.type(blob.contentType).send(blob.data);
      if (blob?.contentType.startsWith("video/")) {
        return reply.type("image/png").send(generatedPhoto(blob.messageId));
      }
      return sendLineError(reply, NOT_FOUND);
    },
  );
}
