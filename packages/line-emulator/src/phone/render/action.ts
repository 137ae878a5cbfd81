import { attrs, escapeHtml, isRecord, type JsonRecord, safeUrl, str } from "./html.ts";

// Tappable elements carry the action's place in the message (`data-path`), so a page can tap it
// by reference (POST /_emulator/users/:id/tap {messageId, path}) and a preview can ignore it.

/** A uri action's target: http(s), or the `tel:` and `line:` schemes LINE also opens; nothing else. */
function actionUri(value: unknown): string | undefined {
  const uri = str(value);
  if (uri === undefined) return undefined;
  return safeUrl(uri) ?? (/^(tel|line):[^\s]*$/i.test(uri) ? uri : undefined);
}

/** The label LINE shows for an action, if it has one. */
export function actionLabel(action: unknown): string {
  if (!isRecord(action)) return "";
  return str(action.label) ?? "";
}

/** `data-*` attributes describing an action at `path`; empty for something that is no action. */
export function actionAttributes(action: unknown, path: string): string {
  if (!isRecord(action) || typeof action.type !== "string") return "";
  const a: JsonRecord = action;
  const type = a.type as string;
  return attrs({
    "data-path": path,
    "data-action-type": type,
    "data-uri": type === "uri" ? actionUri(a.uri ?? a.linkUri) : undefined,
    "data-mode": type === "datetimepicker" ? str(a.mode) : undefined,
    "data-initial": type === "datetimepicker" ? str(a.initial) : undefined,
    "data-min": type === "datetimepicker" ? str(a.min) : undefined,
    "data-max": type === "datetimepicker" ? str(a.max) : undefined,
    "data-clipboard": type === "clipboard" ? str(a.clipboardText) : undefined,
    role: "button",
    tabindex: 0,
  });
}

/** A button showing the action's label (templates, confirm, quick replies). */
export function actionButton(action: unknown, path: string, className: string): string {
  return `<button type="button" class="${className}"${actionAttributes(action, path)}>${escapeHtml(actionLabel(action))}</button>`;
}
