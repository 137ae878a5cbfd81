import { actionAttributes, actionLabel } from "./action.ts";
import {
  attrs,
  escapeHtml,
  isRecord,
  type JsonRecord,
  list,
  safeColor,
  safeLength,
  safeUrl,
  str,
  style,
} from "./html.ts";

// Flex Messages (REF#flex-message, docs: flex-message-layout): bubbles and carousels of boxes,
// texts, images, icons, buttons, separators and spacers, laid out with CSS flexbox the way LINE
// lays them out. Sizes follow LINE's keyword tables.

const BUBBLE_WIDTH: Record<string, number> = {
  nano: 120,
  micro: 160,
  deca: 220,
  hecto: 241,
  kilo: 260,
  mega: 300,
  giga: 500,
};

const SPACE: Record<string, string> = {
  none: "0px",
  xs: "2px",
  sm: "4px",
  md: "8px",
  lg: "12px",
  xl: "16px",
  xxl: "20px",
};

const TEXT_SIZE: Record<string, string> = {
  xxs: "11px",
  xs: "13px",
  sm: "14px",
  md: "16px",
  lg: "19px",
  xl: "22px",
  xxl: "29px",
  "3xl": "35px",
  "4xl": "48px",
  "5xl": "74px",
};

const IMAGE_SIZE: Record<string, string> = {
  xxs: "40px",
  xs: "60px",
  sm: "80px",
  md: "100px",
  lg: "120px",
  xl: "140px",
  xxl: "160px",
  "3xl": "180px",
  "4xl": "200px",
  "5xl": "220px",
  full: "100%",
};

const BORDER_WIDTH: Record<string, string> = {
  none: "0px",
  light: "0.5px",
  normal: "1px",
  medium: "2px",
  "semi-bold": "3px",
  bold: "4px",
};

const RADIUS: Record<string, string> = { ...SPACE };

const ALIGN: Record<string, string> = { start: "flex-start", center: "center", end: "flex-end" };
const TEXT_ALIGN: Record<string, string> = { start: "left", center: "center", end: "right" };
const JUSTIFY = new Set([
  "flex-start",
  "center",
  "flex-end",
  "space-between",
  "space-around",
  "space-evenly",
]);

/** A keyword from `table`, or a px/% length; undefined for anything else. */
function sized(value: unknown, table: Record<string, string>): string | undefined {
  if (typeof value !== "string") return undefined;
  return table[value] ?? safeLength(value);
}

type Layout = "horizontal" | "vertical" | "baseline";

/** How a child sits in its box: its flex share and the margin before it. */
type Slot = { layout: Layout; first: boolean; spacing: string | undefined };

function flexOf(component: JsonRecord, slot: Slot): string {
  const fallback = slot.layout === "vertical" ? 0 : 1;
  const flex =
    typeof component.flex === "number" && component.flex >= 0 ? component.flex : fallback;
  if (flex === 0) return "0 0 auto";
  return slot.layout === "vertical" ? `${flex} 1 auto` : `${flex} 1 0%`;
}

function slotStyle(component: JsonRecord, slot: Slot): Record<string, string | undefined> {
  const margin = sized(component.margin, SPACE) ?? (slot.first ? undefined : slot.spacing);
  const side = slot.layout === "vertical" ? "margin-top" : "margin-left";
  const absolute = component.position === "absolute";
  return {
    flex: absolute ? undefined : flexOf(component, slot),
    [side]: absolute ? undefined : margin,
    position: absolute ? "absolute" : undefined,
    top: sized(component.offsetTop, SPACE),
    bottom: sized(component.offsetBottom, SPACE),
    left: sized(component.offsetStart, SPACE),
    right: sized(component.offsetEnd, SPACE),
    "min-width": "0",
  };
}

export function renderFlex(message: JsonRecord): string {
  const contents = isRecord(message.contents) ? message.contents : {};
  if (contents.type === "carousel") {
    const bubbles = list(contents.contents)
      .filter(isRecord)
      .map((bubble, i) => renderBubble(bubble, `contents.contents[${i}]`))
      .join("");
    return `<div class="flex-carousel"><div class="scroller">${bubbles}</div></div>`;
  }
  return renderBubble(contents, "contents");
}

function renderBubble(bubble: JsonRecord, path: string): string {
  const size = str(bubble.size) ?? "mega";
  const width = BUBBLE_WIDTH[size] ?? BUBBLE_WIDTH.mega!;
  const styles = isRecord(bubble.styles) ? bubble.styles : {};
  const block = (name: "header" | "hero" | "body" | "footer") => {
    const content = bubble[name];
    if (!isRecord(content)) return "";
    const blockStyle = isRecord(styles[name]) ? styles[name] : {};
    const separator =
      blockStyle.separator === true
        ? `1px solid ${safeColor(blockStyle.separatorColor) ?? "#d4d6da"}`
        : undefined;
    const inner =
      name === "hero" && content.type !== "box"
        ? component(content, `${path}.${name}`, {
            layout: "vertical",
            first: true,
            spacing: undefined,
          })
        : box(content, `${path}.${name}`, undefined, true);
    return `<div class="flex-block ${name}"${style({ "background-color": safeColor(blockStyle.backgroundColor), "border-top": separator })}>${inner}</div>`;
  };
  return `<div class="flex-bubble"${style({ width: `${width}px`, direction: bubble.direction === "rtl" ? "rtl" : undefined })}${actionAttributes(bubble.action, `${path}.action`)}>${block("header")}${block("hero")}${block("body")}${block("footer")}</div>`;
}

function box(b: JsonRecord, path: string, slot: Slot | undefined, isBlock = false): string {
  const layout: Layout =
    b.layout === "horizontal" || b.layout === "baseline" ? b.layout : "vertical";
  const spacing = sized(b.spacing, SPACE);
  const children = list(b.contents)
    .filter(isRecord)
    .map((child, i) =>
      component(child, `${path}.contents[${i}]`, { layout, first: i === 0, spacing }),
    )
    .join("");
  const padding = (key: string) => sized(b[key], SPACE);
  const background = isRecord(b.background) ? gradient(b.background) : undefined;
  const css = {
    display: "flex",
    "flex-direction": layout === "vertical" ? "column" : "row",
    "align-items":
      layout === "baseline" ? "baseline" : ALIGN[str(b.alignItems)?.replace("flex-", "") ?? ""],
    "justify-content": JUSTIFY.has(str(b.justifyContent) ?? "") ? str(b.justifyContent) : undefined,
    ...(slot ? slotStyle(b, slot) : {}),
    padding: padding("paddingAll"),
    "padding-top": padding("paddingTop"),
    "padding-bottom": padding("paddingBottom"),
    "padding-left": padding("paddingStart"),
    "padding-right": padding("paddingEnd"),
    "background-color": safeColor(b.backgroundColor),
    "background-image": background,
    "border-style":
      b.borderWidth !== undefined || b.borderColor !== undefined ? "solid" : undefined,
    "border-width": sized(b.borderWidth, BORDER_WIDTH),
    "border-color": safeColor(b.borderColor),
    "border-radius": sized(b.cornerRadius, RADIUS),
    width: safeLength(b.width),
    "max-width": safeLength(b.maxWidth),
    height: safeLength(b.height),
    "max-height": safeLength(b.maxHeight),
    overflow: b.cornerRadius !== undefined ? "hidden" : undefined,
    position: slot && b.position === "absolute" ? "absolute" : isBlock ? undefined : "relative",
  };
  return `<div class="fx-box ${layout}"${style(css)}${actionAttributes(b.action, `${path}.action`)}>${children}</div>`;
}

function gradient(background: JsonRecord): string | undefined {
  if (background.type !== "linearGradient") return undefined;
  const angle = /^-?\d+(\.\d+)?deg$/.test(str(background.angle) ?? "")
    ? str(background.angle)
    : "0deg";
  const start = safeColor(background.startColor);
  const end = safeColor(background.endColor);
  if (!start || !end) return undefined;
  const center = safeColor(background.centerColor);
  const at = safeLength(background.centerPosition) ?? "50%";
  return center
    ? `linear-gradient(${angle}, ${start} 0%, ${center} ${at}, ${end} 100%)`
    : `linear-gradient(${angle}, ${start}, ${end})`;
}

function component(c: JsonRecord, path: string, slot: Slot): string {
  switch (c.type) {
    case "box":
      return box(c, path, slot);
    case "text":
      return text(c, path, slot);
    case "image":
      return image(c, path, slot);
    case "icon":
      return icon(c, slot);
    case "button":
      return button(c, path, slot);
    case "separator": {
      const color = safeColor(c.color) ?? "#d4d6da";
      const line =
        slot.layout === "vertical"
          ? { "border-top": `1px solid ${color}`, "align-self": "stretch" }
          : { "border-left": `1px solid ${color}`, "align-self": "stretch" };
      const margin = sized(c.margin, SPACE);
      const side = slot.layout === "vertical" ? "margin-top" : "margin-left";
      return `<div class="fx-separator"${style({ ...line, [side]: margin ?? (slot.first ? undefined : slot.spacing), flex: "0 0 auto" })}></div>`;
    }
    case "spacer":
      return `<div class="fx-spacer"${style({ flex: `0 0 ${sized(c.size, SPACE) ?? "8px"}` })}></div>`;
    case "filler":
      return `<div class="fx-filler"${style({ flex: `${typeof c.flex === "number" ? c.flex : 1} 1 0%` })}></div>`;
    case "video": {
      const preview = safeUrl(c.previewUrl);
      return `<div class="fx-video video" data-play role="button" tabindex="0">${preview ? `<img${attrs({ src: preview, alt: "" })}>` : ""}<span class="play">▶</span></div>`;
    }
    default:
      return "";
  }
}

function textStyle(c: JsonRecord): Record<string, string | undefined> {
  return {
    "font-size": sized(c.size, TEXT_SIZE),
    "font-weight": c.weight === "bold" ? "700" : undefined,
    "font-style": c.style === "italic" ? "italic" : undefined,
    color: safeColor(c.color),
    "text-decoration":
      c.decoration === "underline" || c.decoration === "line-through"
        ? str(c.decoration)
        : undefined,
  };
}

function text(c: JsonRecord, path: string, slot: Slot): string {
  const spans = list(c.contents).filter(isRecord);
  const content =
    spans.length > 0
      ? spans
          .filter((span) => span.type === "span")
          .map(
            (span) => `<span${style(textStyle(span))}>${escapeHtml(str(span.text) ?? "")}</span>`,
          )
          .join("")
      : escapeHtml(str(c.text) ?? "");
  const wrap = c.wrap === true;
  const maxLines = typeof c.maxLines === "number" && c.maxLines > 0 ? c.maxLines : undefined;
  const css = {
    ...slotStyle(c, slot),
    ...textStyle(c),
    "text-align": TEXT_ALIGN[str(c.align) ?? ""],
    "align-self":
      slot.layout === "vertical"
        ? undefined
        : ALIGN[{ top: "start", center: "center", bottom: "end" }[str(c.gravity) ?? ""] ?? ""],
    "white-space": wrap ? "pre-wrap" : "nowrap",
    "overflow-wrap": wrap ? "anywhere" : undefined,
    overflow: "hidden",
    "text-overflow": wrap ? undefined : "ellipsis",
    display: maxLines && wrap ? "-webkit-box" : undefined,
    "-webkit-line-clamp": maxLines && wrap ? String(maxLines) : undefined,
    "-webkit-box-orient": maxLines && wrap ? "vertical" : undefined,
    "line-height": safeLength(c.lineSpacing)
      ? `calc(1.4em + ${safeLength(c.lineSpacing)})`
      : undefined,
  };
  return `<div class="fx-text"${style(css)}${actionAttributes(c.action, `${path}.action`)}>${content}</div>`;
}

function ratio(value: unknown, fallback: string): string {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(str(value) ?? "");
  return match ? `${match[1]} / ${match[2]}` : fallback;
}

function image(c: JsonRecord, path: string, slot: Slot): string {
  const url = safeUrl(c.url);
  const width = sized(c.size, IMAGE_SIZE) ?? IMAGE_SIZE.md!;
  const img = `<img${attrs({ src: url, alt: "", loading: "lazy" })}${style({
    width,
    "max-width": "100%",
    "aspect-ratio": ratio(c.aspectRatio, "1 / 1"),
    "object-fit": c.aspectMode === "cover" ? "cover" : "contain",
    "background-color": safeColor(c.backgroundColor),
  })}>`;
  const css = {
    ...slotStyle(c, slot),
    display: "flex",
    "justify-content": ALIGN[str(c.align) ?? "center"] ?? "center",
    "align-self":
      slot.layout === "vertical"
        ? undefined
        : ALIGN[{ top: "start", center: "center", bottom: "end" }[str(c.gravity) ?? ""] ?? ""],
  };
  return `<div class="fx-image"${style(css)}${actionAttributes(c.action, `${path}.action`)}>${url ? img : ""}</div>`;
}

function icon(c: JsonRecord, slot: Slot): string {
  const url = safeUrl(c.url);
  const height = sized(c.size, TEXT_SIZE) ?? TEXT_SIZE.md!;
  const margin = sized(c.margin, SPACE) ?? (slot.first ? undefined : slot.spacing);
  return url
    ? `<img class="fx-icon"${attrs({ src: url, alt: "" })}${style({ height, "aspect-ratio": ratio(c.aspectRatio, "1 / 1"), "margin-left": margin, flex: "0 0 auto" })}>`
    : "";
}

function button(c: JsonRecord, path: string, slot: Slot): string {
  const kind = c.style === "primary" || c.style === "secondary" ? c.style : "link";
  const color = safeColor(c.color);
  const css = {
    ...slotStyle(c, slot),
    height: c.height === "sm" ? "40px" : "52px",
    "background-color": kind === "link" ? undefined : color,
    color: kind === "link" ? color : undefined,
    "align-self":
      slot.layout === "vertical"
        ? undefined
        : ALIGN[{ top: "start", center: "center", bottom: "end" }[str(c.gravity) ?? ""] ?? ""],
  };
  return `<button type="button" class="fx-button ${kind}"${style(css)}${actionAttributes(c.action, `${path}.action`)}>${escapeHtml(actionLabel(c.action))}</button>`;
}
