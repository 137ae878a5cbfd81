import { attrs, escapeHtml, isRecord, type JsonRecord, list, safeUrl, str } from "./html.ts";

// Text bubbles: LINE emoji as placeholders, URLs as links, line breaks kept.

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;

/** Plain text with its URLs made tappable links (`data-link`). */
export function linkify(text: string): string {
  let html = "";
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = safeUrl(match[0]);
    html += escapeHtml(text.slice(last, match.index));
    html += url
      ? `<a class="text-link"${attrs({ href: url, "data-link": url, rel: "noreferrer", target: "_blank" })}>${escapeHtml(match[0])}</a>`
      : escapeHtml(match[0]);
    last = match.index + match[0].length;
  }
  return (html + escapeHtml(text.slice(last))).replaceAll("\n", "<br>");
}

/** A LINE emoji: the image needs LINE's CDN, so the emulator shows a labelled placeholder. */
export function emojiPlaceholder(productId: unknown, emojiId: unknown): string {
  const title = `LINE emoji ${str(productId) ?? "?"}/${str(emojiId) ?? "?"}`;
  return `<span class="emoji"${attrs({ title, "aria-label": title })}>☺</span>`;
}

type EmojiAt = { index: number; length: number; productId: unknown; emojiId: unknown };

/**
 * Text whose LINE emoji sit at `emojis[].index` (UTF-16 positions): a `$` placeholder in what a bot
 * sends (length 1), or the emoji's alt text in what a user sends (`length` given).
 */
export function textWithEmojis(text: string, emojis: unknown): string {
  const at: EmojiAt[] = list(emojis)
    .filter(isRecord)
    .map((emoji) => ({
      index: typeof emoji.index === "number" ? emoji.index : -1,
      length: typeof emoji.length === "number" ? emoji.length : 1,
      productId: emoji.productId,
      emojiId: emoji.emojiId,
    }))
    .filter((emoji) => emoji.index >= 0 && emoji.index < text.length)
    .sort((a, b) => a.index - b.index);
  let html = "";
  let last = 0;
  for (const emoji of at) {
    if (emoji.index < last) continue;
    html += linkify(text.slice(last, emoji.index));
    html += emojiPlaceholder(emoji.productId, emoji.emojiId);
    last = emoji.index + Math.max(1, emoji.length);
  }
  return html + linkify(text.slice(last));
}

/**
 * textV2 (REF#text-message-v2): `{key}` placeholders filled from `substitution` (mentions and
 * emoji); `{{` and `}}` are literal braces.
 */
export function textV2(text: string, substitution: unknown): string {
  const subs: JsonRecord = isRecord(substitution) ? substitution : {};
  let html = "";
  let plain = "";
  const flush = () => {
    html += linkify(plain);
    plain = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const next = text[i + 1];
    if ((char === "{" && next === "{") || (char === "}" && next === "}")) {
      plain += char;
      i++;
      continue;
    }
    const close = char === "{" ? text.indexOf("}", i) : -1;
    const key = close > i ? text.slice(i + 1, close) : undefined;
    const sub = key !== undefined ? subs[key] : undefined;
    if (!isRecord(sub)) {
      plain += char;
      continue;
    }
    flush();
    if (sub.type === "emoji") html += emojiPlaceholder(sub.productId, sub.emojiId);
    else if (sub.type === "mention") {
      const mentionee = isRecord(sub.mentionee) ? sub.mentionee : {};
      const who =
        mentionee.type === "all" ? "@All" : `@${str(mentionee.userId)?.slice(0, 9) ?? "user"}`;
      html += `<span class="mention">${escapeHtml(who)}</span>`;
    } else plain += `{${key}}`;
    i = close;
  }
  flush();
  return html;
}

export function renderTextBubble(message: JsonRecord): string {
  const text = str(message.text) ?? "";
  const body =
    message.type === "textV2"
      ? textV2(text, message.substitution)
      : textWithEmojis(text, message.emojis);
  return `<div class="bubble text">${body}</div>`;
}
