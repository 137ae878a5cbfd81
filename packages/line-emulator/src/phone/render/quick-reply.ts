import { actionAttributes, actionLabel } from "./action.ts";
import { attrs, escapeHtml, isRecord, list, safeUrl } from "./html.ts";

/** The quick reply chips of a message (REF#quick-reply); empty when it has none. */
export function renderQuickReply(message: unknown): string {
  if (!isRecord(message) || !isRecord(message.quickReply)) return "";
  const chips = list(message.quickReply.items)
    .map((item, i) => {
      if (!isRecord(item)) return "";
      const icon = safeUrl(item.imageUrl);
      return `<button type="button" class="chip"${actionAttributes(item.action, `quickReply.items[${i}].action`)}>${icon ? `<img${attrs({ src: icon, alt: "" })}>` : ""}${escapeHtml(actionLabel(item.action))}</button>`;
    })
    .join("");
  return chips === "" ? "" : `<div class="quick-reply">${chips}</div>`;
}
