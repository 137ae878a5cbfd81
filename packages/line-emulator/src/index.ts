export { runEmulatorCli } from "./cli.ts";
export { createEmulator, type Emulator, type EmulatorOptions } from "./emulator.ts";
export type { Rate, RateLimitOptions } from "./limits/rate-limits.ts";
export type { NarrowcastOptions } from "./messaging/narrowcast-jobs.ts";
export type { QuotaPlanName, QuotaSettings } from "./state/messaging.ts";
export type { Channel, FollowStatus, ReceivedMessage, VirtualUser } from "./state/types.ts";
export type { WebhookDelivery } from "./webhooks/dispatcher.ts";
export type { CallbackRequest, WebhookEvent } from "./webhooks/events.ts";
export { signWebhookBody } from "./webhooks/sign.ts";
