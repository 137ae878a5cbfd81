import { describe, expect, it } from "vitest";
import { previewDocument } from "./preview.ts";

const css = ".phone{}";
const chip = (label: string) => ({
  type: "action",
  action: { type: "message", label, text: label },
});

describe("the LINE preview document", () => {
  it("shows each message as the account's bubble, with the emulator's stylesheet", () => {
    const html = previewDocument({
      channelName: "Test Shop",
      css,
      messages: [
        { type: "text", text: "こんにちは" },
        {
          type: "template",
          altText: "a",
          template: {
            type: "buttons",
            text: "どれ？",
            actions: [{ type: "message", label: "予約する", text: "予約" }],
          },
        },
      ],
    });
    expect(html).toContain(`<style>${css}`);
    expect(html.match(/class="row bot"/g)).toHaveLength(2);
    expect(html).toContain("こんにちは");
    expect(html).toContain("予約する");
    expect(html).toContain('<span class="title">Test Shop</span>');
  });

  it("escapes what the marketer typed, names and notices included", () => {
    const html = previewDocument({
      channelName: "<b>Shop</b>",
      css,
      notice: "<img src=x onerror=alert(1)>",
      messages: [{ type: "text", text: "<script>alert(1)</script>", sender: { name: "<i>" } }],
    });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>Shop");
    expect(html).toContain("&lt;script&gt;");
  });

  it("shows the quick reply of the last message only, as LINE does", () => {
    const html = previewDocument({
      channelName: "Shop",
      css,
      messages: [
        { type: "text", text: "1", quickReply: { items: [chip("最初")] } },
        { type: "text", text: "2", quickReply: { items: [chip("最後")] } },
      ],
    });
    expect(html).toContain("最後");
    expect(html).not.toContain("最初");
  });

  it("names the bubble after the message's sender when it has one", () => {
    const html = previewDocument({
      channelName: "Shop",
      css,
      messages: [{ type: "text", text: "hi", sender: { name: "店長" } }],
    });
    expect(html).toContain('<div class="name">店長</div>');
  });
});
