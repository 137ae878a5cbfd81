import { z } from "zod";

// Parse leniently: LINE adds fields without notice, and omits properties without a value.
// https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
const source = z.looseObject({ type: z.string(), userId: z.string().optional() });

export const webhookEventSchema = z.looseObject({
  type: z.string().min(1),
  mode: z.string().optional(),
  timestamp: z.number().int().nonnegative(),
  webhookEventId: z.string().min(1).max(64),
  source: source.optional(),
  replyToken: z.string().optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
});

export const webhookBodySchema = z.looseObject({
  destination: z.string(),
  events: z.array(webhookEventSchema),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;

/** What a friend sent, as the timeline keeps it. */
export interface ReceivedMessage {
  id: string | null;
  type: string;
  /** Text messages only. */
  text?: string;
  /** Stickers only. */
  packageId?: string;
  stickerId?: string;
}

const receivedMessageSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  text: z.string().optional(),
  packageId: z.string().optional(),
  stickerId: z.string().optional(),
});

const postbackSchema = z.looseObject({
  data: z.string(),
  params: z
    .looseObject({ newRichMenuAliasId: z.string().optional(), status: z.string().optional() })
    .optional(),
});

/** The part of an event that changes a friend, once it has been stored and is processed. */
export type FriendChange =
  /** `isUnblocked` is LINE's word on whether the user had blocked before; absent on old events. */
  | { kind: "follow"; userId: string; at: Date; isUnblocked: boolean | undefined }
  | { kind: "unfollow"; userId: string; at: Date }
  | { kind: "message"; userId: string; at: Date; message: ReceivedMessage }
  /** `switchedTo`: the alias a richmenuswitch tap switched the user's menu to (status SUCCESS). */
  | { kind: "postback"; userId: string; at: Date; data: string; switchedTo: string | null }
  | { kind: "ignored" };

export function friendChangeOf(event: WebhookEvent): FriendChange {
  const userId = event.source?.type === "user" ? event.source.userId : undefined;
  // Standby-mode events belong to another channel's bot: observe, never act.
  if (!userId || event.mode === "standby") return { kind: "ignored" };
  const at = new Date(event.timestamp);
  switch (event.type) {
    case "follow": {
      const follow = z.looseObject({ isUnblocked: z.boolean() }).safeParse(event.follow);
      return { kind: "follow", userId, at, isUnblocked: follow.data?.isUnblocked };
    }
    case "unfollow":
      return { kind: "unfollow", userId, at };
    case "message": {
      const parsed = receivedMessageSchema.safeParse(event.message);
      const content = parsed.data;
      const message: ReceivedMessage = {
        id: content?.id ?? null,
        type: content?.type ?? "unknown",
      };
      if (content?.type === "text" && content.text !== undefined) message.text = content.text;
      if (content?.type === "sticker") {
        if (content.packageId) message.packageId = content.packageId;
        if (content.stickerId) message.stickerId = content.stickerId;
      }
      return { kind: "message", userId, at, message };
    }
    case "postback": {
      const postback = postbackSchema.safeParse(event.postback);
      if (!postback.success) return { kind: "ignored" };
      const { data, params } = postback.data;
      // https://developers.line.biz/en/reference/messaging-api/#postback-event
      const switchedTo = params?.status === "SUCCESS" ? (params.newRichMenuAliasId ?? null) : null;
      return { kind: "postback", userId, at, data, switchedTo };
    }
    default:
      return { kind: "ignored" };
  }
}
