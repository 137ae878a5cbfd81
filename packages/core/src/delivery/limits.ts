// https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
export const MULTICAST_MAX_RECIPIENTS = 500;
export const MAX_MESSAGES_PER_REQUEST = 5;
