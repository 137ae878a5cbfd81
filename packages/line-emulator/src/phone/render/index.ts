// The message renderer: LINE message objects → HTML strings, escaped, with no emulator state.
// Kizuna's composer preview can import it as it is.
export { escapeHtml, safeColor, safeUrl } from "./html.ts";
export { renderMessage } from "./message.ts";
export { renderQuickReply } from "./quick-reply.ts";
export { type RichMenuView, renderRichMenu } from "./rich-menu.ts";
