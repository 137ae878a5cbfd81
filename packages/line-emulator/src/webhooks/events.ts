import { ulid } from "../ulid.ts";

// Shapes follow shared/line-openapi/webhook.yml (Event and its subtypes, MessageContent and its
// subtypes). Properties without a value are omitted, as LINE does (REF#webhook-event-objects);
// events.schema.test.ts checks every builder's output against webhook.yml.

export type UserSource = { type: "user"; userId: string };

type EventBase = {
  mode: "active" | "standby";
  timestamp: number;
  source: UserSource;
  webhookEventId: string;
  deliveryContext: { isRedelivery: boolean };
};

// ---- message contents (what a user sent) ----

export type ContentProvider =
  | { type: "line" }
  | { type: "external"; originalContentUrl: string; previewImageUrl?: string };

export type Emoji = { index: number; length: number; productId: string; emojiId: string };

export type Mentionee =
  | { type: "user"; index: number; length: number; userId?: string; isSelf?: boolean }
  | { type: "all"; index: number; length: number };

export type TextMessageContent = {
  id: string;
  type: "text";
  quoteToken: string;
  text: string;
  emojis?: Emoji[];
  mention?: { mentionees: Mentionee[] };
  quotedMessageId?: string;
  markAsReadToken?: string;
};

export type ImageMessageContent = {
  id: string;
  type: "image";
  quoteToken: string;
  contentProvider: ContentProvider;
  imageSet?: { id: string; index?: number; total?: number };
  markAsReadToken?: string;
};

export type VideoMessageContent = {
  id: string;
  type: "video";
  quoteToken: string;
  duration?: number;
  contentProvider: ContentProvider;
  markAsReadToken?: string;
};

export type AudioMessageContent = {
  id: string;
  type: "audio";
  duration?: number;
  contentProvider: ContentProvider;
  markAsReadToken?: string;
};

export type FileMessageContent = {
  id: string;
  type: "file";
  fileName: string;
  fileSize: number;
  markAsReadToken?: string;
};

export type LocationMessageContent = {
  id: string;
  type: "location";
  title?: string;
  address?: string;
  latitude: number;
  longitude: number;
  markAsReadToken?: string;
};

export const STICKER_RESOURCE_TYPES = [
  "STATIC",
  "ANIMATION",
  "SOUND",
  "ANIMATION_SOUND",
  "POPUP",
  "POPUP_SOUND",
  "CUSTOM",
  "MESSAGE",
  "NAME_TEXT",
  "PER_STICKER_TEXT",
] as const;

export type StickerMessageContent = {
  id: string;
  type: "sticker";
  quoteToken: string;
  packageId: string;
  stickerId: string;
  stickerResourceType: (typeof STICKER_RESOURCE_TYPES)[number];
  keywords?: string[];
  text?: string;
  quotedMessageId?: string;
  markAsReadToken?: string;
};

export type MessageContent =
  | TextMessageContent
  | ImageMessageContent
  | VideoMessageContent
  | AudioMessageContent
  | FileMessageContent
  | LocationMessageContent
  | StickerMessageContent;

// ---- events ----

export type FollowEvent = EventBase & {
  type: "follow";
  replyToken: string;
  follow: { isUnblocked: boolean };
};

export type UnfollowEvent = EventBase & { type: "unfollow" };

export type MessageEvent = EventBase & {
  type: "message";
  replyToken: string;
  message: MessageContent;
};

export type UnsendEvent = EventBase & { type: "unsend"; unsend: { messageId: string } };

/**
 * Postback params: `date` | `time` | `datetime` from a datetime picker, or
 * `newRichMenuAliasId` + `status` from a rich menu switch (REF#postback-event).
 */
export type PostbackParams = Record<string, string>;

export type PostbackEvent = EventBase & {
  type: "postback";
  replyToken: string;
  postback: { data: string; params?: PostbackParams };
};

export type VideoPlayCompleteEvent = EventBase & {
  type: "videoPlayComplete";
  replyToken: string;
  videoPlayComplete: { trackingId: string };
};

export type BeaconEvent = EventBase & {
  type: "beacon";
  replyToken: string;
  beacon: { hwid: string; type: "enter" | "banner" | "stay"; dm?: string };
};

/** `source` and `replyToken` are left out when linking failed (REF#account-link-event). */
export type AccountLinkEvent = Omit<EventBase, "source"> & {
  type: "accountLink";
  source?: UserSource;
  replyToken?: string;
  link: { result: "ok" | "failed"; nonce: string };
};

export type WebhookEvent =
  | FollowEvent
  | UnfollowEvent
  | MessageEvent
  | UnsendEvent
  | PostbackEvent
  | VideoPlayCompleteEvent
  | BeaconEvent
  | AccountLinkEvent;

/** The POST body LINE sends to a webhook URL. */
export type CallbackRequest = { destination: string; events: WebhookEvent[] };

function base(userId: string, timestamp: number): EventBase {
  return {
    mode: "active",
    timestamp,
    source: { type: "user", userId },
    webhookEventId: ulid(timestamp),
    deliveryContext: { isRedelivery: false },
  };
}

export function followEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  isUnblocked: boolean,
): FollowEvent {
  return { type: "follow", ...base(userId, timestamp), replyToken, follow: { isUnblocked } };
}

export function unfollowEvent(userId: string, timestamp: number): UnfollowEvent {
  return { type: "unfollow", ...base(userId, timestamp) };
}

export function messageEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  message: MessageContent,
): MessageEvent {
  return { type: "message", ...base(userId, timestamp), replyToken, message };
}

/** Kept for callers from the first slice; same as `messageEvent` with a text message. */
export function textMessageEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  message: TextMessageContent,
): MessageEvent {
  return messageEvent(userId, timestamp, replyToken, message);
}

export function unsendEvent(userId: string, timestamp: number, messageId: string): UnsendEvent {
  return { type: "unsend", ...base(userId, timestamp), unsend: { messageId } };
}

export function postbackEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  data: string,
  params?: PostbackParams,
): PostbackEvent {
  return {
    type: "postback",
    ...base(userId, timestamp),
    replyToken,
    postback: params && Object.keys(params).length > 0 ? { data, params } : { data },
  };
}

export function videoPlayCompleteEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  trackingId: string,
): VideoPlayCompleteEvent {
  return {
    type: "videoPlayComplete",
    ...base(userId, timestamp),
    replyToken,
    videoPlayComplete: { trackingId },
  };
}

export function beaconEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  beacon: BeaconEvent["beacon"],
): BeaconEvent {
  return { type: "beacon", ...base(userId, timestamp), replyToken, beacon };
}

/**
 * The account link result. On success the event has the user and a reply token; on failure
 * LINE leaves both out (REF#account-link-event).
 */
export function accountLinkEvent(
  timestamp: number,
  nonce: string,
  linked: { userId: string; replyToken: string } | undefined,
): AccountLinkEvent {
  const { source, ...rest } = base(linked?.userId ?? "", timestamp);
  if (!linked) return { type: "accountLink", ...rest, link: { result: "failed", nonce } };
  return {
    type: "accountLink",
    ...rest,
    source,
    replyToken: linked.replyToken,
    link: { result: "ok", nonce },
  };
}

/** The same event as LINE redelivers it: identical but for `deliveryContext.isRedelivery`. */
export function asRedelivery(event: WebhookEvent): WebhookEvent {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

/** The reply token an event carries, if any. */
export function replyTokenOf(event: WebhookEvent): string | undefined {
  return "replyToken" in event ? event.replyToken : undefined;
}
