import type { EmulatorContext } from "../context.ts";
import { generatedPhoto, storeMessageContent } from "../users-api/content.ts";
import type { MessageContent } from "../webhooks/events.ts";
import type { Friend } from "./common.ts";
import type { SentContent } from "./messages.ts";

// The bytes behind an image, video, audio or file a friend sends with `contentProvider.type`
// "line": the bot downloads them from GET /v2/bot/message/{messageId}/content.

/** What a friend "sends" when a script gives no bytes: a generated photo, or empty media. */
function placeholder(message: MessageContent): SentContent {
  switch (message.type) {
    case "image":
      return { contentType: "image/png", data: generatedPhoto(message.id) };
    case "video":
      return { contentType: "video/mp4", data: Buffer.alloc(0) };
    case "audio":
      return { contentType: "audio/x-m4a", data: Buffer.alloc(0) };
    default:
      return { contentType: "application/octet-stream", data: Buffer.alloc(0) };
  }
}

export function storeSentContent(
  ctx: EmulatorContext,
  friend: Friend,
  message: MessageContent,
  content: SentContent | undefined,
  at: number,
): void {
  const { contentType, data } = content ?? placeholder(message);
  storeMessageContent(
    ctx.state,
    {
      messageId: message.id,
      channelId: friend.channelId,
      userId: friend.user.userId,
      contentType,
      data,
    },
    at,
  );
}
