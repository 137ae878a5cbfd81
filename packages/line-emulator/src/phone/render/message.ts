import { renderFlex } from "./flex.ts";
import { escapeHtml, isRecord, type JsonRecord, str } from "./html.ts";
import { renderImagemap } from "./imagemap.ts";
import {
  renderAudio,
  renderCoupon,
  renderFile,
  renderImage,
  renderLocation,
  renderSticker,
  renderVideo,
} from "./media.ts";
import { renderTemplate } from "./template.ts";
import { renderTextBubble } from "./text.ts";

// One message object (as a bot sends it, REF#message-objects, or as a user sent it,
// webhook.yml MessageContent) → the HTML of its bubble. Pure: no emulator state, no I/O, so
// Kizuna's composer can show the same preview.

const RENDERERS = {
  text: renderTextBubble,
  textV2: renderTextBubble,
  sticker: renderSticker,
  image: renderImage,
  video: renderVideo,
  audio: renderAudio,
  location: renderLocation,
  imagemap: renderImagemap,
  template: renderTemplate,
  flex: renderFlex,
  coupon: renderCoupon,
  file: renderFile,
} satisfies Record<string, (message: JsonRecord) => string>;

export type RenderableType = keyof typeof RENDERERS;

export function renderMessage(message: unknown): string {
  if (!isRecord(message)) return "";
  const type = str(message.type);
  if (type !== undefined && Object.hasOwn(RENDERERS, type)) {
    return RENDERERS[type as RenderableType](message);
  }
  return `<div class="bubble text unsupported">${escapeHtml(`[${type ?? "unknown"} message]`)}</div>`;
}
