export { runEmulatorCli } from "./cli.ts";
export { createEmulator, type Emulator, type EmulatorOptions } from "./emulator.ts";
export type { Channel, FollowStatus, ReceivedMessage, VirtualUser } from "./state/types.ts";
export type { WebhookDelivery } from "./webhooks/dispatcher.ts";
export type { CallbackRequest, WebhookEvent } from "./webhooks/events.ts";
export { signWebhookBody } from "./webhooks/sign.ts";
