import { createHmac } from "node:crypto";

/**
 * The `x-line-signature` value: base64(HMAC-SHA256(channel secret, exact body bytes)).
 * https://developers.line.biz/en/reference/messaging-api/#signature-validation
 */
export function signWebhookBody(channelSecret: string, body: string | Buffer): string {
  return createHmac("sha256", channelSecret).update(body).digest("base64");
}
