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

/** The part of an event that changes a friend, once it has been stored and is processed. */
export type FriendChange =
  | { kind: "follow"; userId: string; at: Date }
  | { kind: "unfollow"; userId: string; at: Date }
  | { kind: "message"; userId: string; at: Date }
  | { kind: "ignored" };

export function friendChangeOf(event: WebhookEvent): FriendChange {
  const userId = event.source?.type === "user" ? event.source.userId : undefined;
  // Standby-mode events belong to another channel's bot: observe, never act.
  if (!userId || event.mode === "standby") return { kind: "ignored" };
  const at = new Date(event.timestamp);
  switch (event.type) {
    case "follow":
      return { kind: "follow", userId, at };
    case "unfollow":
      return { kind: "unfollow", userId, at };
    case "message":
      return { kind: "message", userId, at };
    default:
      return { kind: "ignored" };
  }
}
