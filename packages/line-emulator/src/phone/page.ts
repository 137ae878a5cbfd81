import type { EmulatorContext } from "../context.ts";
import type { Friend } from "../friends/common.ts";
import { displayedRichMenu } from "../friends/rich-menu-display.ts";
import type { JsonObject } from "../json.ts";
import { friendEntries } from "../state/chats.ts";
import { receivedMessages } from "../state/received.ts";
import type { Channel } from "../state/types.ts";
import { readMarkOf } from "../users-api/mark-as-read.ts";
import { type ChatItem, chatOf } from "./chat.ts";
import { escapeHtml, renderMessage, renderQuickReply, renderRichMenu } from "./render/index.ts";

// The phone page: the friend's chat with the bot as the LINE app shows it, built on the server
// from the pure renderer; phone.js keeps it live and turns taps into control-API calls.

/** Chats can grow long; the page shows the latest bubbles, like the app's first screen. */
const SHOWN_ITEMS = 300;

export type PhoneLinks = {
  /** Absolute origin of the emulator (image URLs must be absolute to pass the renderer). */
  origin: string;
  /** Where the control API lives, e.g. `/_emulator`. */
  base: string;
};

/** Changes whenever something on the page would change; the feed answers 204 while it holds. */
export function chatVersion(ctx: EmulatorContext, friend: Friend): string {
  const { channelId } = friend;
  const { userId } = friend.user;
  const entries = friendEntries(ctx.state, channelId, userId);
  const unsent = entries.reduce((n, entry) => n + (entry.unsent ? 1 : 0), 0);
  const menu = displayedRichMenu(ctx, channelId, userId)?.richMenuId ?? "";
  const received = receivedMessages(ctx.state, channelId, userId).length;
  const read = readMarkOf(ctx.state, channelId, userId)?.markedAt ?? "";
  return `${received}.${entries.length}.${unsent}.${menu}.${read}`;
}

const JST_MS = 9 * 60 * 60 * 1000;
const jst = (iso: string) => new Date(Date.parse(iso) + JST_MS).toISOString();

function clock(iso: string): string {
  return jst(iso).slice(11, 16);
}

/** What the friend's own messages look like to the renderer (bot-side message objects). */
function friendView(message: JsonObject, links: PhoneLinks): JsonObject {
  const content = `${links.origin}${links.base}/phone/content/${encodeURIComponent(String(message.id ?? ""))}`;
  const provider = (message.contentProvider ?? {}) as JsonObject;
  const external = provider.type === "external";
  switch (message.type) {
    case "image":
      return {
        type: "image",
        previewImageUrl: external
          ? ((provider.previewImageUrl ?? provider.originalContentUrl) as string)
          : content,
      };
    case "video":
      return {
        type: "video",
        ...(external ? { previewImageUrl: provider.previewImageUrl ?? "" } : {}),
      };
    default:
      return message;
  }
}

function itemHtml(
  item: ChatItem,
  botName: string,
  links: PhoneLinks,
  readUpTo: number | undefined,
): string {
  const time = `<time>${escapeHtml(clock(item.at))}</time>`;
  if (item.side === "friend") {
    // LINE shows 既読 (read) beside the user's messages the account has read.
    const read = readUpTo !== undefined && Date.parse(item.at) <= readUpTo;
    const stamp = read ? `<time>既読<br>${escapeHtml(clock(item.at))}</time>` : time;
    if (item.unsent) {
      return `<div class="notice">You unsent a message</div>`;
    }
    const id = item.messageId ? ` data-message-id="${escapeHtml(item.messageId)}"` : "";
    return `<div class="row me"${id}>${stamp}<div class="content">${renderMessage(friendView(item.message, links))}</div></div>`;
  }
  return `<div class="row bot" data-message-id="${escapeHtml(item.messageId)}"><div class="avatar">${escapeHtml(botName.slice(0, 1))}</div><div class="stack"><div class="name">${escapeHtml(botName)}</div><div class="line"><div class="content">${renderMessage(item.message)}</div>${time}</div></div></div>`;
}

export function chatHtml(
  ctx: EmulatorContext,
  friend: Friend,
  channel: Channel,
  links: PhoneLinks,
) {
  const items = chatOf(ctx, friend).slice(-SHOWN_ITEMS);
  const readUpTo = readMarkOf(ctx.state, friend.channelId, friend.user.userId)?.sentAt;
  let html = "";
  let day = "";
  for (const item of items) {
    const date = jst(item.at).slice(0, 10);
    if (date !== day) {
      day = date;
      html += `<div class="day"><span>${escapeHtml(date.replaceAll("-", "/"))}</span></div>`;
    }
    html += itemHtml(item, channel.name, links, readUpTo);
  }
  if (items.length === 0) html = `<div class="empty">No messages yet</div>`;
  return html;
}

/** The quick reply of the last message, while it is the last thing in the chat (LINE hides it after). */
export function quickReplyHtml(ctx: EmulatorContext, friend: Friend): string {
  const last = chatOf(ctx, friend).at(-1);
  if (last?.side !== "bot") return "";
  const chips = renderQuickReply(last.message);
  return chips ? `<div data-message-id="${escapeHtml(last.messageId)}">${chips}</div>` : "";
}

export function richMenuHtml(ctx: EmulatorContext, friend: Friend, links: PhoneLinks): string {
  const menu = displayedRichMenu(ctx, friend.channelId, friend.user.userId);
  if (!menu) return "";
  return renderRichMenu({
    imageUrl: `${links.origin}${links.base}/phone/rich-menus/${encodeURIComponent(menu.richMenuId)}/image`,
    size: menu.size,
    chatBarText: menu.chatBarText,
    selected: menu.selected,
    areas: menu.areas,
  });
}

export function phonePage(
  ctx: EmulatorContext,
  friend: Friend,
  channel: Channel,
  links: PhoneLinks,
): string {
  const user = friend.user;
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(channel.name)} — ${escapeHtml(user.displayName)} · LINE emulator</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${links.base}/phone/assets/phone.css">
</head>
<body>
<div class="phone" data-phone data-user-id="${escapeHtml(user.userId)}" data-base="${escapeHtml(links.base)}" data-version="${escapeHtml(chatVersion(ctx, friend))}">
<div class="status-bar"><span>${escapeHtml(user.displayName)}</span><span>LINE emulator</span></div>
<header class="chat-header"><span class="back" aria-hidden="true">‹</span><span class="title">${escapeHtml(channel.name)}</span><span class="icons" aria-hidden="true">⌕ ☰</span></header>
<main class="chat" data-chat>${chatHtml(ctx, friend, channel, links)}</main>
<div class="bottom">
<div data-quick-reply>${quickReplyHtml(ctx, friend)}</div>
<form class="composer" data-composer autocomplete="off"><span class="plus" aria-hidden="true">＋</span><input name="text" placeholder="Aa" aria-label="Message" data-input><button type="submit" class="send" aria-label="Send">➤</button></form>
<div data-rich-menu>${richMenuHtml(ctx, friend, links)}</div>
</div>
<div class="toast" data-toast hidden></div>
<dialog class="picker" data-picker><form method="dialog"><div class="picker-title" data-picker-title></div><input data-picker-input><div class="picker-buttons"><button value="cancel" type="submit">Cancel</button><button value="ok" type="submit" data-picker-ok>OK</button></div></form></dialog>
</div>
<script type="module" src="${links.base}/phone/assets/phone.js"></script>
</body>
</html>`;
}

/** Who reads when the index's read button is pressed: a share of those with something unread. */
const READ_SHARES: readonly [share: string, label: string][] = [
  ["1", "全員 · everyone"],
  ["0.75", "75%"],
  ["0.5", "50%"],
  ["0.25", "25%"],
];

/** Many friends of a channel open the chat at once (`POST /channels/:channelId/read`). */
function readForm(channelId: string): string {
  const options = READ_SHARES.map(
    ([share, label]) => `<option value="${share}">${escapeHtml(label)}</option>`,
  ).join("");
  return `<form class="read-channel" data-read-channel="${escapeHtml(channelId)}"><label>既読にする友だち · Who reads <select name="share" data-read-share>${options}</select></label> <button type="submit" data-read-button>全員が既読にする · Everyone reads</button> <output data-read-result aria-live="polite"></output></form>`;
}

export function indexPage(ctx: EmulatorContext, base: string): string {
  const channels = [...ctx.state.channels.values()].map((channel) => {
    const ids = ctx.state.userIdsByChannel.get(channel.channelId) ?? [];
    const users = ids
      .slice(0, 50)
      .map((id) => {
        const user = ctx.state.users.get(id)!;
        return `<li><a href="${base}/phone/${escapeHtml(id)}">${escapeHtml(user.displayName)}</a> <code>${escapeHtml(id)}</code></li>`;
      })
      .join("");
    const more = ids.length > 50 ? `<li>… and ${ids.length - 50} more</li>` : "";
    return `<section data-channel-id="${escapeHtml(channel.channelId)}"><h2>${escapeHtml(channel.name)} <code>${escapeHtml(channel.channelId)}</code></h2>${readForm(channel.channelId)}<ul>${users}${more}</ul></section>`;
  });
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Phones · LINE emulator</title><link rel="stylesheet" href="${base}/phone/assets/phone.css"></head><body class="index" data-base="${escapeHtml(base)}"><h1>仮想の友だち · Virtual friends</h1>${channels.join("") || "<p>No channels yet.</p>"}<script type="module" src="${base}/phone/assets/friends.js"></script></body></html>`;
}
