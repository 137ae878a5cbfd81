import { validateSignature } from "@line/bot-sdk";

/**
 * True when `signature` is the channel's HMAC-SHA256 of the exact raw body bytes.
 * Must run before the body is parsed. https://developers.line.biz/en/reference/messaging-api/#signature-validation
 */
export function isSignedByLine(
  rawBody: Buffer,
  channelSecret: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  return validateSignature(rawBody, channelSecret, signature);
}
