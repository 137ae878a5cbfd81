import phoneCss from "@kizuna/line-emulator/render/phone.css?raw";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { previewDocument } from "./preview.ts";

/**
 * The messages as a friend's LINE shows them, drawn by the emulator's renderer. Its HTML is
 * escaped already; it still goes into a sandboxed frame (no scripts, no same origin), so no
 * message can reach the admin page.
 */
export function LinePreview({
  channelName,
  messages,
  notice,
  height = 640,
}: {
  channelName: string;
  messages: readonly unknown[];
  notice?: string | undefined;
  height?: number;
}) {
  const { t } = useTranslation("composer");
  const html = useMemo(
    () =>
      previewDocument({
        channelName,
        messages,
        css: phoneCss,
        ...(notice ? { notice } : {}),
      }),
    [channelName, messages, notice],
  );
  return (
    <iframe
      title={t("preview.title")}
      sandbox=""
      srcDoc={html}
      style={{ width: "100%", maxWidth: 400, height, border: 0, display: "block" }}
      data-testid="line-preview"
    />
  );
}
