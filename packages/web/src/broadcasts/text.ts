// LINE's limit for one text message; the server enforces the same bound.
// https://developers.line.biz/en/reference/messaging-api/#text-message
export const maxBroadcastLength = 5000;

export type BroadcastTextProblem = "empty" | "tooLong";

/** Length as the server counts it (UTF-16 code units, like JavaScript's `length`). */
export function broadcastTextLength(text: string): number {
  return text.length;
}

export function broadcastTextProblem(text: string): BroadcastTextProblem | null {
  if (text.trim().length === 0) return "empty";
  if (broadcastTextLength(text) > maxBroadcastLength) return "tooLong";
  return null;
}
