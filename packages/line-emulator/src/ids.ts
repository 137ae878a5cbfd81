import { randomBytes, randomInt, randomUUID } from "node:crypto";

// Formats follow what LINE issues, so code that checks them (regexes, column widths) is exercised.

/** A channel ID: a 10-digit number, as shown in the LINE Developers Console. */
export function newChannelId(): string {
  return String(randomInt(1_000_000_000, 10_000_000_000));
}

/** A channel secret: 32 hex characters. */
export function newChannelSecret(): string {
  return randomBytes(16).toString("hex");
}

/** A long-lived channel access token: LINE's are 172 base64 characters. */
export function newChannelAccessToken(): string {
  return randomBytes(129).toString("base64");
}

/** A user ID: `U` + 32 hex characters (https://developers.line.biz/en/docs/messaging-api/getting-user-ids/). */
export function newUserId(): string {
  return `U${randomBytes(16).toString("hex")}`;
}

/** Many user IDs from one random draw: creating 100,000 friends must not cost 100,000 syscalls. */
export function newUserIds(count: number): string[] {
  const hex = randomBytes(16 * count).toString("hex");
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    ids[i] = `U${hex.slice(i * 32, i * 32 + 32)}`;
  }
  return ids;
}

/** A basic ID such as `@123abcde`. */
export function newBasicId(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let id = `@${randomInt(100, 1000)}`;
  for (let i = 0; i < 5; i++) id += letters[randomInt(letters.length)];
  return id;
}

/** X-Line-Request-Id values. */
export function newRequestId(): string {
  return randomUUID();
}

/** A reply token: 32 hex characters. */
export function newReplyToken(): string {
  return randomBytes(16).toString("hex");
}

/** A quote token: an opaque URL-safe string. */
export function newQuoteToken(): string {
  return randomBytes(48).toString("base64url");
}

let lastMessageId = 0n;

/** Message IDs are 18-digit numbers that grow over time, like LINE's. */
export function newMessageId(nowMs: number): string {
  const fromClock = BigInt(Math.floor(nowMs)) * 100_000n;
  lastMessageId = fromClock > lastMessageId ? fromClock : lastMessageId + 1n;
  return lastMessageId.toString();
}
