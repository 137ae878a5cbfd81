import { ulid } from "../ulid.ts";

// Shapes follow shared/line-openapi/webhook.yml (Event, FollowEvent, UnfollowEvent, MessageEvent).
// Properties without a value are omitted, as LINE does.

export type UserSource = { type: "user"; userId: string };

type EventBase = {
  mode: "active";
  timestamp: number;
  source: UserSource;
  webhookEventId: string;
  deliveryContext: { isRedelivery: boolean };
};

export type FollowEvent = EventBase & {
  type: "follow";
  replyToken: string;
  follow: { isUnblocked: boolean };
};

export type UnfollowEvent = EventBase & { type: "unfollow" };

export type TextMessageContent = { id: string; type: "text"; quoteToken: string; text: string };

export type MessageEvent = EventBase & {
  type: "message";
  replyToken: string;
  message: TextMessageContent;
};

export type WebhookEvent = FollowEvent | UnfollowEvent | MessageEvent;

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

export function textMessageEvent(
  userId: string,
  timestamp: number,
  replyToken: string,
  message: TextMessageContent,
): MessageEvent {
  return { type: "message", ...base(userId, timestamp), replyToken, message };
}
