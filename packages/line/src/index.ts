export type { messagingApi } from "@line/bot-sdk";
export {
  createLineClient,
  type LineClient,
  type LineClientConfig,
  type LineErrorDetail,
  type LineProfile,
  type MessageQuota,
  retryAfterMs,
  type SendOptions,
  type SendResult,
  type UnitStatistics,
  type UnitStatisticsResult,
} from "./client.ts";
export {
  accountLinkDialogUrl,
  authorizeUrl,
  exchangeLoginCode,
  LINE_ACCESS_ORIGIN,
  LINE_API_ORIGIN,
  type LineLoginChannel,
  loginFriendshipStatus,
  type TokenExchange,
} from "./login-client.ts";
export { isSignedByLine } from "./signature.ts";
export {
  type FriendChange,
  friendChangeOf,
  type ReceivedMessage,
  type WebhookBody,
  type WebhookEvent,
  webhookBodySchema,
  webhookEventSchema,
} from "./webhook-body.ts";
