import { actionAttributes } from "./action.ts";
import { attrs, escapeHtml, isRecord, type JsonRecord, list, safeUrl, str, style } from "./html.ts";

// Imagemap messages (REF#imagemap-message): the image at `{baseUrl}/1040` with each action's
// area laid over it, placed in percent of `baseSize`.

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(3)}%`;

export function renderImagemap(message: JsonRecord): string {
  const size = isRecord(message.baseSize) ? message.baseSize : {};
  const width = typeof size.width === "number" && size.width > 0 ? size.width : 1040;
  const height = typeof size.height === "number" && size.height > 0 ? size.height : 1040;
  const base = safeUrl(message.baseUrl);
  const image = base
    ? `<img${attrs({ src: `${base.replace(/\/$/, "")}/1040`, alt: str(message.altText) ?? "" })}>`
    : "";
  const areas = list(message.actions)
    .map((action, i) => {
      if (!isRecord(action) || !isRecord(action.area)) return "";
      const { x, y, width: w, height: h } = action.area;
      if (
        typeof x !== "number" ||
        typeof y !== "number" ||
        typeof w !== "number" ||
        typeof h !== "number"
      ) {
        return "";
      }
      const label = str(action.label) ?? "";
      return `<span class="area"${style({ left: pct(x, width), top: pct(y, height), width: pct(w, width), height: pct(h, height) })}${actionAttributes(action, `actions[${i}]`)}${attrs({ title: label || undefined })}></span>`;
    })
    .join("");
  const video = isRecord(message.video)
    ? `<span class="area video-area"${style(videoArea(message.video, width, height))}><span class="play">▶</span></span>`
    : "";
  return `<div class="imagemap"${style({ "aspect-ratio": `${width} / ${height}` })}>${image}${areas}${video}<span class="sr-only">${escapeHtml(str(message.altText) ?? "")}</span></div>`;
}

function videoArea(video: JsonRecord, width: number, height: number) {
  const area = isRecord(video.area) ? video.area : {};
  const n = (v: unknown) => (typeof v === "number" ? v : 0);
  return {
    left: pct(n(area.x), width),
    top: pct(n(area.y), height),
    width: pct(n(area.width), width),
    height: pct(n(area.height), height),
  };
}
