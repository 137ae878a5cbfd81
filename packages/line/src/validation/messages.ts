import type { MessageProblem } from "@kizuna/core/messages";
import { type LineError, validateMessagesOnly } from "@kizuna/line-emulator/validation";

// Kizuna checks messages with the emulator's validator: one spec-derived implementation of
// LINE's rules for both (docs/decisions/008-one-message-validator.md). The emulator stands for
// LINE, so LINE's rules live there; Kizuna asks it before anything is sent.

export type MessagesCheck = { ok: true } | { ok: false; problems: MessageProblem[] };

/**
 * Kizuna sends to users (multicast for campaigns, push for test sends), where LINE refuses
 * mentions; multicast's rules are those.
 */
const SEND_KIND = "multicast";

/** Would LINE accept these as the `messages` of a send to users? */
export function checkMessages(messages: unknown): MessagesCheck {
  const checked = validateMessagesOnly(SEND_KIND, { messages });
  return checked.ok ? { ok: true } : { ok: false, problems: problemsOf(checked.error) };
}

// LINE answers a value of the wrong JSON type with a message naming the property and no details
// (REF#error-responses): "The property, 'messages[0].text', in the request body is invalid …".
const UNREADABLE = /^The property, '(.*)', in the request body is invalid/;

function problemsOf(error: LineError): MessageProblem[] {
  if (error.body.details && error.body.details.length > 0) return error.body.details;
  const unreadable = UNREADABLE.exec(error.body.message);
  return [{ property: unreadable?.[1] ?? "messages", message: error.body.message }];
}
