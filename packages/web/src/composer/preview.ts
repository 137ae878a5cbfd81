import { escapeHtml, renderMessage, renderQuickReply } from "@kizuna/line-emulator/render";

// The LINE-faithful preview: the emulator's own renderer (escaped HTML) and phone stylesheet,
// laid out as the chat of one friend, for a sandboxed iframe (no scripts, no same origin).

const FRAME_CSS = `
body { display: block; background: transparent; }
.phone { width: 100%; height: 100vh; max-height: none; border: 0; border-radius: 18px; box-shadow: none; }
.chat { padding-top: 14px; }
a, button { pointer-events: none; }
`;

export interface PreviewInput {
  /** The account's name, shown above its bubbles (a message's `sender.name` wins). */
  channelName: string;
  messages: readonly unknown[];
  /** The phone stylesheet of the emulator. */
  css: string;
  /** Shown at the top of the chat, e.g. the friend it is previewed for. */
  notice?: string;
}

/** A whole HTML document showing the messages as a friend's phone would. */
export function previewDocument({ channelName, messages, css, notice }: PreviewInput): string {
  const rows = messages.map((message) => botRow(message, channelName)).join("");
  // LINE shows the quick reply of the last message only.
  const quickReply = messages.length > 0 ? renderQuickReply(messages.at(-1)) : "";
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>${css}${FRAME_CSS}</style></head><body><div class="phone"><header class="chat-header"><span class="back">‹</span><span class="title">${escapeHtml(channelName)}</span></header><main class="chat">${notice ? `<div class="notice">${escapeHtml(notice)}</div>` : ""}${rows}</main><div class="bottom">${quickReply}</div></div></body></html>`;
}

function botRow(message: unknown, channelName: string): string {
  const sender = (message as { sender?: { name?: unknown } } | null)?.sender;
  const name = typeof sender?.name === "string" && sender.name !== "" ? sender.name : channelName;
  return `<div class="row bot"><div class="avatar">${escapeHtml(name.slice(0, 1))}</div><div class="stack"><div class="name">${escapeHtml(name)}</div><div class="line"><div class="content">${renderMessage(message)}</div><time>12:00</time></div></div></div>`;
}
