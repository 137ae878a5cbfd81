// https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
export const MULTICAST_MAX_RECIPIENTS = 500;
export const MAX_MESSAGES_PER_REQUEST = 5;

/**
 * LINE's published per-channel rate limits for the sending endpoints (REF#rate-limits,
 * LINE-PLATFORM.md §3): requests per second, each endpoint its own bucket.
 */
export const LINE_SEND_RATES = { multicast: 200, push: 2000 } as const;
export type SendEndpoint = keyof typeof LINE_SEND_RATES;
