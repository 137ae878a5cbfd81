import { describe, expect, it } from "vitest";
import { linkingIntentOf } from "./intents.ts";

describe("linking intents", () => {
  it("reads postbacks from rich menus and buttons", () => {
    expect(linkingIntentOf({ type: "postback", postback: { data: "kizuna:link" } })).toBe(
      "account_link",
    );
    expect(linkingIntentOf({ type: "postback", postback: { data: "kizuna:match" } })).toBe("match");
    expect(linkingIntentOf({ type: "postback", postback: { data: "other" } })).toBeNull();
  });

  it("reads whole-message keywords, not words inside a sentence", () => {
    const text = (t: string) =>
      linkingIntentOf({ type: "message", message: { type: "text", text: t } });
    expect(text("連携")).toBe("account_link");
    expect(text(" 会員連携 ")).toBe("match");
    expect(text("連携解除")).toBe("unlink");
    expect(text("連携したいです")).toBeNull();
    expect(linkingIntentOf({ type: "message", message: { type: "sticker" } })).toBeNull();
  });
});
