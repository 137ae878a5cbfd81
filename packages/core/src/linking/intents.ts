/**
 * What a friend asks of linking in the chat: a postback from a rich menu or message
 * button, or a keyword typed as the whole message.
 */
export type LinkingIntent = "account_link" | "match" | "unlink";

/** Postback data a rich menu area or button sends to start each way. */
export const LINKING_POSTBACKS: Readonly<Record<string, LinkingIntent>> = {
  "kizuna:link": "account_link",
  "kizuna:match": "match",
  "kizuna:unlink": "unlink",
};

/** Whole-message keywords; compared after width folding, so ＬＩＮＥ-keyboard variants count. */
export const LINKING_KEYWORDS: Readonly<Record<string, LinkingIntent>> = {
  連携: "account_link",
  会員連携: "match",
  連携解除: "unlink",
};

/** The part of a webhook event this needs; other fields are ignored. */
export interface IntentEvent {
  type: string;
  message?: { type?: unknown; text?: unknown } | undefined;
  postback?: { data?: unknown } | undefined;
}

export function linkingIntentOf(event: IntentEvent): LinkingIntent | null {
  if (event.type === "postback" && typeof event.postback?.data === "string")
    return LINKING_POSTBACKS[event.postback.data] ?? null;
  if (
    event.type === "message" &&
    event.message?.type === "text" &&
    typeof event.message.text === "string"
  )
    return LINKING_KEYWORDS[event.message.text.normalize("NFKC").trim()] ?? null;
  return null;
}
