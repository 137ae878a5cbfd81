import type { JsonValue } from "../json.ts";

/** A Messaging API channel (one LINE Official Account) living in the emulator. */
export type Channel = {
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  /** The bot's own user ID; webhook `destination`. */
  botUserId: string;
  basicId: string;
  name: string;
  pictureUrl?: string;
  /** Set with PUT /v2/bot/channel/webhook/endpoint or the control API; null until then. */
  webhookUrl: string | null;
  /** Redeliver webhooks the bot did not answer with 2xx; off by default, as on LINE. */
  webhookRedelivery?: boolean;
  createdAt: string;
};

/** A virtual LINE user. In this slice a user belongs to exactly one channel. */
export type VirtualUser = {
  userId: string;
  channelId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
};

/** A user's relation to a channel: never added it, friend, or blocked it. */
export type FollowStatus = "none" | "following" | "blocked";

export type SendVia = "push" | "multicast" | "reply" | "narrowcast" | "broadcast";

/** A message object as the bot sent it (already validated). */
export type MessageObject = { type: string; [key: string]: JsonValue };

/** One message that reached one user's chat. */
export type ReceivedMessage = {
  channelId: string;
  userId: string;
  messageId: string;
  requestId: string;
  via: SendVia;
  at: string;
  message: MessageObject;
};

export type SentMessage = { id: string; quoteToken?: string };

/** A retry key LINE accepted; a repeat within 24 h answers 409 with this request's ID. */
export type AcceptedRetry = {
  channelId: string;
  retryKey: string;
  requestId: string;
  acceptedAt: number;
  sentMessages?: SentMessage[];
};

/** A reply token handed out with a webhook event. */
export type ReplyTokenGrant = {
  channelId: string;
  userId: string;
  issuedAt: number;
};
