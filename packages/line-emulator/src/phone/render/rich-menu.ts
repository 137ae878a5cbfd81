import { actionAttributes } from "./action.ts";
import { attrs, escapeHtml, isRecord, type JsonRecord, list } from "./html.ts";

/** What the renderer needs of a rich menu (the Messaging API's RichMenu object plus its image). */
export type RichMenuView = {
  imageUrl: string;
  size: { width: number; height: number };
  chatBarText: string;
  selected: boolean;
  areas: { bounds: { x: number; y: number; width: number; height: number }; action: JsonRecord }[];
};

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(3)}%`;

/**
 * The rich menu at the bottom of the chat: its chat bar (which opens and closes it) and the image
 * with a tappable element over each area (`data-area`, the index in `areas`).
 */
export function renderRichMenu(menu: RichMenuView): string {
  const { width, height } = menu.size;
  const areas = list(menu.areas as never)
    .map((area, i) => {
      if (!isRecord(area) || !isRecord(area.bounds)) return "";
      const b = area.bounds as { x: number; y: number; width: number; height: number };
      const box = `left:${pct(b.x, width)};top:${pct(b.y, height)};width:${pct(b.width, width)};height:${pct(b.height, height)}`;
      return `<span class="area"${attrs({ "data-area": i, style: box })}${actionAttributes(area.action, `areas[${i}].action`)}></span>`;
    })
    .join("");
  return `<div class="rich-menu${menu.selected ? " open" : ""}"><button type="button" class="chat-bar" data-toggle-menu>${escapeHtml(menu.chatBarText)} <span class="caret">▾</span></button><div class="menu-image"${attrs({ style: `aspect-ratio:${width} / ${height}` })}><img${attrs({ src: menu.imageUrl, alt: "" })}>${areas}</div></div>`;
}
