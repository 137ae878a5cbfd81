import { attrs, escapeHtml, type JsonRecord, safeUrl, str } from "./html.ts";

// Stickers, images, video, audio, location and coupons. Stickers and maps need LINE's servers,
// so they are placeholders; images load from the URLs the bot gave.

/** A drawn face: no emoji font is needed to show that a sticker is there. */
const STICKER_FACE =
  '<svg class="sticker-face" viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="34" r="26" fill="#f6c453"/><circle cx="14" cy="14" r="9" fill="#f6c453"/><circle cx="50" cy="14" r="9" fill="#f6c453"/><circle cx="23" cy="31" r="3.5" fill="#3b2a14"/><circle cx="41" cy="31" r="3.5" fill="#3b2a14"/><path d="M24 42 q8 7 16 0" stroke="#3b2a14" stroke-width="3" fill="none" stroke-linecap="round"/></svg>';

export function renderSticker(message: JsonRecord): string {
  const label = `Sticker ${str(message.packageId) ?? "?"}/${str(message.stickerId) ?? "?"}`;
  return `<div class="sticker"${attrs({ title: label, "aria-label": label })}>${STICKER_FACE}<span class="sticker-id">${escapeHtml(label)}</span></div>`;
}

export function renderImage(message: JsonRecord): string {
  const preview = safeUrl(message.previewImageUrl) ?? safeUrl(message.originalContentUrl);
  if (!preview) return `<div class="image missing">Image</div>`;
  return `<div class="image"><img${attrs({ src: preview, alt: "", loading: "lazy" })}></div>`;
}

function duration(ms: unknown): string {
  const total = typeof ms === "number" && ms > 0 ? Math.round(ms / 1000) : 0;
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** A video: its preview with a play button (`data-play`: playing it counts for insight). */
export function renderVideo(message: JsonRecord): string {
  const preview = safeUrl(message.previewImageUrl);
  const image = preview ? `<img${attrs({ src: preview, alt: "", loading: "lazy" })}>` : "";
  return `<div class="video" data-play role="button" tabindex="0" aria-label="Play video">${image}<span class="play">▶</span></div>`;
}

export function renderAudio(message: JsonRecord): string {
  return `<div class="bubble audio" data-play role="button" tabindex="0" aria-label="Play audio"><span class="play-small">▶</span><span class="audio-bar"></span><span class="audio-time">${escapeHtml(duration(message.duration))}</span></div>`;
}

export function renderLocation(message: JsonRecord): string {
  const lat = typeof message.latitude === "number" ? message.latitude : undefined;
  const lng = typeof message.longitude === "number" ? message.longitude : undefined;
  const where =
    lat !== undefined && lng !== undefined ? `${lat.toFixed(5)}, ${lng.toFixed(5)}` : "";
  return `<div class="location"><div class="map"><span class="pin" aria-hidden="true"><svg viewBox="0 0 24 24" width="28" height="28"><path d="M12 2C8 2 5 5 5 9c0 5 7 13 7 13s7-8 7-13c0-4-3-7-7-7z" fill="#e5484d"/><circle cx="12" cy="9" r="2.6" fill="#fff"/></svg></span><span class="coords">${escapeHtml(where)}</span></div><div class="place"><div class="place-title">${escapeHtml(str(message.title) ?? "Location")}</div><div class="place-address">${escapeHtml(str(message.address) ?? "")}</div></div></div>`;
}

export function renderFile(message: JsonRecord): string {
  const size =
    typeof message.fileSize === "number"
      ? `${Math.max(1, Math.round(message.fileSize / 1024))} KB`
      : "";
  return `<div class="bubble file"><span class="file-icon" aria-hidden="true"><svg viewBox="0 0 24 24" width="22" height="22"><path d="M6 2h8l5 5v15H6z" fill="#9aa5b1"/><path d="M14 2v5h5" fill="#d5dbe1"/></svg></span><span class="file-name">${escapeHtml(str(message.fileName) ?? "file")}</span><span class="file-size">${escapeHtml(size)}</span></div>`;
}

export function renderCoupon(message: JsonRecord): string {
  return `<div class="coupon"><div class="coupon-label">COUPON</div><div class="coupon-id">${escapeHtml(str(message.couponId) ?? "")}</div></div>`;
}
