import type { EmulatorContext } from "../context.ts";
import { newMessageId, newQuoteToken } from "../ids.ts";
import { err, ok } from "../result.ts";
import { findFriendMessage, recordFriendEntry } from "../state/chats.ts";
import { receivedMessages } from "../state/received.ts";
import { issueMarkAsReadToken } from "../users-api/mark-as-read.ts";
import {
  type ContentProvider,
  type Emoji,
  type Mentionee,
  type MessageContent,
  messageEvent,
  type STICKER_RESOURCE_TYPES,
} from "../webhooks/events.ts";
import {
  type Friend,
  type FriendResult,
  findFriend,
  grantReplyToken,
  type QueuedEvent,
  queue,
} from "./common.ts";
import { storeSentContent } from "./content.ts";

/** Binary content of an image, video, audio or file the friend sends. */
export type SentContent = { contentType: string; data: Buffer };

/** A message a virtual friend writes or sends in the 1:1 chat (REF#message-event). */
export type FriendMessageInput =
  | {
      type: "text";
      text: string;
      emojis?: Emoji[];
      mention?: { mentionees: Mentionee[] };
      quotedMessageId?: string;
    }
  | {
      type: "image";
      contentProvider?: ContentProvider;
      imageSet?: { id: string; index?: number; total?: number };
      content?: SentContent;
    }
  | { type: "video"; duration?: number; contentProvider?: ContentProvider; content?: SentContent }
  | { type: "audio"; duration?: number; contentProvider?: ContentProvider; content?: SentContent }
  | { type: "file"; fileName: string; fileSize?: number; content?: SentContent }
  | { type: "location"; title?: string; address?: string; latitude: number; longitude: number }
  | {
      type: "sticker";
      packageId: string;
      stickerId: string;
      stickerResourceType?: (typeof STICKER_RESOURCE_TYPES)[number];
      keywords?: string[];
      text?: string;
      quotedMessageId?: string;
    };

export type SentMessageResult = QueuedEvent & { messageId: string };

/** The friend sends a message: it appears in the chat and reaches the bot as a message event. */
export function sendMessage(
  ctx: EmulatorContext,
  userId: string,
  input: FriendMessageInput,
): FriendResult<SentMessageResult> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  const quoted = "quotedMessageId" in input ? input.quotedMessageId : undefined;
  if (quoted !== undefined && !isInChat(ctx, friend, quoted)) {
    return err({
      code: "message_not_found",
      message: `Message ${quoted} is not in ${userId}'s chat, so it cannot be quoted`,
    });
  }
  const at = ctx.now();
  const message = messageContent(newMessageId(at), input);
  if (hasLineContent(message)) {
    storeSentContent(ctx, friend, message, "content" in input ? input.content : undefined, at);
  }
  recordFriendEntry(ctx.state, {
    channelId: friend.channelId,
    userId,
    at: new Date(at).toISOString(),
    message,
    messageId: message.id,
  });
  // The bot can mark the chat read up to this message with the token (DOC:mark-as-read).
  const markAsReadToken = issueMarkAsReadToken(ctx.state, {
    channelId: friend.channelId,
    userId,
    messageId: message.id,
    sentAt: at,
  });
  const event = messageEvent(userId, at, grantReplyToken(ctx, friend, at), {
    ...message,
    markAsReadToken,
  });
  return ok({ ...queue(ctx, friend, event), messageId: message.id });
}

function hasLineContent(message: MessageContent): boolean {
  switch (message.type) {
    case "image":
    case "video":
    case "audio":
      return message.contentProvider.type === "line";
    case "file":
      return true;
    case "text":
    case "location":
    case "sticker":
      return false;
    default:
      return assertNever(message);
  }
}

/** The webhook's message object for what the friend sent; absent properties stay absent. */
function messageContent(id: string, input: FriendMessageInput): MessageContent {
  const line: ContentProvider = { type: "line" };
  switch (input.type) {
    case "text":
      return {
        id,
        type: "text",
        quoteToken: newQuoteToken(),
        text: input.text,
        ...(input.emojis?.length ? { emojis: input.emojis } : {}),
        ...(input.mention ? { mention: input.mention } : {}),
        ...(input.quotedMessageId ? { quotedMessageId: input.quotedMessageId } : {}),
      };
    case "image":
      return {
        id,
        type: "image",
        quoteToken: newQuoteToken(),
        contentProvider: input.contentProvider ?? line,
        ...(input.imageSet ? { imageSet: input.imageSet } : {}),
      };
    case "video":
      return {
        id,
        type: "video",
        quoteToken: newQuoteToken(),
        duration: input.duration ?? 10_000,
        contentProvider: input.contentProvider ?? line,
      };
    case "audio":
      return {
        id,
        type: "audio",
        duration: input.duration ?? 5_000,
        contentProvider: input.contentProvider ?? line,
      };
    case "file":
      return {
        id,
        type: "file",
        fileName: input.fileName,
        fileSize: input.fileSize ?? input.content?.data.length ?? 0,
      };
    case "location":
      return {
        id,
        type: "location",
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        latitude: input.latitude,
        longitude: input.longitude,
      };
    case "sticker":
      return {
        id,
        type: "sticker",
        quoteToken: newQuoteToken(),
        packageId: input.packageId,
        stickerId: input.stickerId,
        stickerResourceType: input.stickerResourceType ?? "STATIC",
        ...(input.keywords?.length ? { keywords: input.keywords.slice(0, 15) } : {}),
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.quotedMessageId ? { quotedMessageId: input.quotedMessageId } : {}),
      };
    default:
      return assertNever(input);
  }
}

/** Whether a message ID belongs to this chat, on either side: only those can be quoted. */
function isInChat(ctx: EmulatorContext, friend: Friend, messageId: string): boolean {
  const { channelId, user } = friend;
  if (findFriendMessage(ctx.state, channelId, user.userId, messageId)) return true;
  return receivedMessages(ctx.state, channelId, user.userId).some((m) => m.messageId === messageId);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}
