import { actionAttributes, actionButton, actionLabel } from "./action.ts";
import {
  attrs,
  escapeHtml,
  isRecord,
  type JsonRecord,
  list,
  safeColor,
  safeUrl,
  str,
  style,
} from "./html.ts";

// Template messages (REF#template-messages): buttons, confirm, carousel, image carousel, drawn
// like the LINE app's white cards with link-coloured action rows.

function thumbnail(column: JsonRecord, ratio: unknown, size: unknown): string {
  const url = safeUrl(column.thumbnailImageUrl);
  if (!url) return "";
  const square = ratio === "square";
  return `<div class="tpl-thumb${square ? " square" : ""}"${style({ "background-color": safeColor(column.imageBackgroundColor) })}><img${attrs({ src: url, alt: "", loading: "lazy", class: size === "contain" ? "contain" : "cover" })}></div>`;
}

/** One card: thumbnail, title, text, then its actions as rows. */
function card(column: JsonRecord, base: string, ratio: unknown, size: unknown): string {
  const title = str(column.title);
  const defaultAction = isRecord(column.defaultAction)
    ? actionAttributes(column.defaultAction, `${base}.defaultAction`)
    : "";
  const actions = list(column.actions)
    .map((action, i) => actionButton(action, `${base}.actions[${i}]`, "tpl-action"))
    .join("");
  return `<div class="tpl-card">${defaultAction ? `<div class="tpl-default"${defaultAction}>` : "<div>"}${thumbnail(column, ratio, size)}<div class="tpl-body">${title ? `<div class="tpl-title">${escapeHtml(title)}</div>` : ""}<div class="tpl-text">${escapeHtml(str(column.text) ?? "")}</div></div></div><div class="tpl-actions">${actions}</div></div>`;
}

export function renderTemplate(message: JsonRecord): string {
  const template = isRecord(message.template) ? message.template : {};
  switch (template.type) {
    case "buttons":
      return `<div class="template buttons">${card(template, "template", template.imageAspectRatio, template.imageSize)}</div>`;
    case "confirm": {
      const actions = list(template.actions)
        .map((action, i) => actionButton(action, `template.actions[${i}]`, "tpl-action"))
        .join("");
      return `<div class="template confirm"><div class="tpl-card"><div class="tpl-body"><div class="tpl-text">${escapeHtml(str(template.text) ?? "")}</div></div><div class="tpl-actions confirm-actions">${actions}</div></div></div>`;
    }
    case "carousel": {
      const columns = list(template.columns)
        .filter(isRecord)
        .map((column, i) =>
          card(column, `template.columns[${i}]`, template.imageAspectRatio, template.imageSize),
        )
        .join("");
      return `<div class="template carousel"><div class="scroller">${columns}</div></div>`;
    }
    case "image_carousel": {
      const columns = list(template.columns)
        .filter(isRecord)
        .map((column, i) => {
          const url = safeUrl(column.imageUrl);
          const label = actionLabel(column.action);
          return `<div class="img-column"${actionAttributes(column.action, `template.columns[${i}].action`)}>${url ? `<img${attrs({ src: url, alt: "", loading: "lazy" })}>` : ""}${label ? `<span class="img-label">${escapeHtml(label)}</span>` : ""}</div>`;
        })
        .join("");
      return `<div class="template image-carousel"><div class="scroller">${columns}</div></div>`;
    }
    default:
      return `<div class="bubble text unsupported">${escapeHtml(str(message.altText) ?? "Template message")}</div>`;
  }
}
