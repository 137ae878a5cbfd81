export { runEmulatorCli } from "./cli.ts";
export { createEmulator, type Emulator, type EmulatorOptions } from "./emulator.ts";
export type { Rate, RateLimitOptions } from "./limits/rate-limits.ts";
export type { NarrowcastOptions } from "./messaging/narrowcast-jobs.ts";
export type { LoginChannel } from "./state/login.ts";
export type { QuotaPlanName, QuotaSettings } from "./state/messaging.ts";
export type { Channel, FollowStatus, ReceivedMessage, VirtualUser } from "./state/types.ts";
/** A one-colour PNG: an image for a rich menu or a message in tests, with no image library. */
export { solidPng } from "./users-api/png.ts";
export type { WebhookDelivery } from "./webhooks/dispatcher.ts";
export type { CallbackRequest, WebhookEvent } from "./webhooks/events.ts";
export { signWebhookBody } from "./webhooks/sign.ts";
