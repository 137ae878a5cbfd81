import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, renderMessage, renderQuickReply, renderRichMenu } from "./index.ts";

/** Everything the renderer outputs must be free of markup the message did not ask for. */
function expectNoInjection(html: string): void {
  expect(html).not.toMatch(/<script|<iframe/i);
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    expect(tag).not.toMatch(/\son[a-z]+=|javascript:/i);
  }
}

describe("message renderer: escaping", () => {
  it("escapes text, attributes and labels", () => {
    const evil = `<img src=x onerror=alert(1)>"'\`&`;
    const html = [
      renderMessage({ type: "text", text: evil }),
      renderMessage({
        type: "template",
        altText: evil,
        template: {
          type: "buttons",
          title: evil,
          text: evil,
          actions: [{ type: "postback", label: evil, data: evil }],
        },
      }),
      renderMessage({
        type: "flex",
        altText: "x",
        contents: {
          type: "bubble",
          body: {
            type: "box",
            layout: "vertical",
            contents: [
              { type: "text", text: evil, color: "red;background:url(x)" },
              { type: "button", action: { type: "uri", label: evil, uri: "javascript:alert(1)" } },
            ],
          },
        },
      }),
    ].join("");
    expectNoInjection(html);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;");
    expect(html).not.toContain("background:url");
  });

  it("keeps only http(s) URLs", () => {
    const html = renderMessage({
      type: "image",
      originalContentUrl: "javascript:alert(1)",
      previewImageUrl: "data:text/html,<script>alert(1)</script>",
    });
    expect(html).not.toContain("src=");
    expect(
      renderMessage({ type: "image", previewImageUrl: "https://x.test/a.png?b=1&c=2" }),
    ).toContain('src="https://x.test/a.png?b=1&amp;c=2"');
  });

  it("never lets arbitrary text out unescaped (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, label) => {
        const html =
          renderMessage({ type: "text", text }) +
          renderMessage({
            type: "template",
            altText: "a",
            template: { type: "confirm", text, actions: [{ type: "message", label, text: label }] },
          });
        expect(html.replace(/<\/?[a-z][^>]*>/g, "")).not.toMatch(/[<>]/);
        expectNoInjection(html);
      }),
    );
  });

  it("escapes what escapeHtml is given", () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
  });
});

describe("message renderer: LINE's message types", () => {
  it("puts emoji placeholders where the $ signs are and links URLs", () => {
    const html = renderMessage({
      type: "text",
      text: "$ Hi $ see https://example.com/a",
      emojis: [
        { index: 0, productId: "p1", emojiId: "001" },
        { index: 5, productId: "p1", emojiId: "002" },
      ],
    });
    expect(html.match(/class="emoji"/g)).toHaveLength(2);
    expect(html).toContain('title="LINE emoji p1/002"');
    expect(html).toContain('data-link="https://example.com/a"');
    expect(html).not.toContain("$");
  });

  it("fills textV2 placeholders with mentions and emoji, and keeps {{ }} literal", () => {
    const html = renderMessage({
      type: "textV2",
      text: "{{hi}} {who} {smile}",
      substitution: {
        who: { type: "mention", mentionee: { type: "all" } },
        smile: { type: "emoji", productId: "p", emojiId: "1" },
      },
    });
    expect(html).toContain("{hi}");
    expect(html).toContain('<span class="mention">@All</span>');
    expect(html).toContain('class="emoji"');
  });

  it("gives every template action its path in the message", () => {
    const html = renderMessage({
      type: "template",
      altText: "c",
      template: {
        type: "carousel",
        columns: [0, 1].map((i) => ({
          text: `col ${i}`,
          defaultAction: { type: "uri", label: "open", uri: "https://example.com" },
          actions: [{ type: "postback", label: `Buy ${i}`, data: `buy=${i}` }],
        })),
      },
    });
    expect(html).toContain('data-path="template.columns[1].actions[0]"');
    expect(html).toContain('data-path="template.columns[0].defaultAction"');
    expect(html).toContain('data-uri="https://example.com/"');
  });

  it("draws confirm, image carousel, sticker, location, video, audio and imagemap", () => {
    const confirm = renderMessage({
      type: "template",
      altText: "?",
      template: {
        type: "confirm",
        text: "Sure?",
        actions: [
          { type: "message", label: "Yes", text: "yes" },
          { type: "message", label: "No", text: "no" },
        ],
      },
    });
    expect(confirm).toContain("confirm-actions");
    const images = renderMessage({
      type: "template",
      altText: "i",
      template: {
        type: "image_carousel",
        columns: [
          {
            imageUrl: "https://x.test/1.jpg",
            action: {
              type: "datetimepicker",
              label: "When",
              data: "d",
              mode: "time",
              initial: "10:00",
            },
          },
        ],
      },
    });
    expect(images).toContain('data-path="template.columns[0].action"');
    expect(images).toContain('data-mode="time"');
    expect(images).toContain('data-initial="10:00"');
    expect(renderMessage({ type: "sticker", packageId: "446", stickerId: "1988" })).toContain(
      "Sticker 446/1988",
    );
    expect(
      renderMessage({
        type: "location",
        title: "駅",
        address: "東京",
        latitude: 35.6,
        longitude: 139.7,
      }),
    ).toContain("35.60000, 139.70000");
    expect(
      renderMessage({
        type: "video",
        originalContentUrl: "https://x.test/v.mp4",
        previewImageUrl: "https://x.test/v.jpg",
      }),
    ).toContain("data-play");
    expect(
      renderMessage({
        type: "audio",
        originalContentUrl: "https://x.test/a.m4a",
        duration: 61_000,
      }),
    ).toContain("1:01");
    const imagemap = renderMessage({
      type: "imagemap",
      baseUrl: "https://x.test/map",
      altText: "map",
      baseSize: { width: 1040, height: 520 },
      actions: [
        { type: "uri", linkUri: "https://x.test/", area: { x: 0, y: 0, width: 520, height: 520 } },
      ],
    });
    expect(imagemap).toContain('src="https://x.test/map/1040"');
    expect(imagemap).toContain("left:0.000%;top:0.000%;width:50.000%;height:100.000%");
    expect(imagemap).toContain('data-path="actions[0]"');
  });

  it("lays out Flex boxes with LINE's sizes, spacing and colours", () => {
    const html = renderMessage({
      type: "flex",
      altText: "f",
      contents: {
        type: "bubble",
        size: "kilo",
        styles: { footer: { separator: true } },
        body: {
          type: "box",
          layout: "horizontal",
          spacing: "md",
          contents: [
            { type: "text", text: "A", size: "xl", weight: "bold", color: "#ff0000", flex: 2 },
            { type: "separator", color: "#cccccc" },
            { type: "text", text: "B", wrap: true, align: "end" },
          ],
        },
        footer: {
          type: "box",
          layout: "vertical",
          contents: [
            {
              type: "button",
              style: "primary",
              action: { type: "postback", label: "Go", data: "go" },
            },
          ],
        },
      },
    });
    expect(html).toContain("width:260px");
    expect(html).toContain("flex-direction:row");
    expect(html).toContain("font-size:22px;font-weight:700");
    expect(html).toContain("color:#ff0000");
    expect(html).toContain("flex:2 1 0%");
    expect(html).toContain("margin-left:8px");
    expect(html).toContain("border-left:1px solid #cccccc");
    expect(html).toContain("text-align:right");
    expect(html).toContain('class="fx-button primary"');
    expect(html).toContain('data-path="contents.footer.contents[0].action"');
    expect(html).toContain("border-top:1px solid #d4d6da");
  });

  it("renders a Flex carousel's bubbles with their own paths", () => {
    const html = renderMessage({
      type: "flex",
      altText: "c",
      contents: {
        type: "carousel",
        contents: [1, 2].map((n) => ({
          type: "bubble",
          body: {
            type: "box",
            layout: "vertical",
            contents: [
              { type: "text", text: `#${n}`, action: { type: "message", label: "m", text: "m" } },
            ],
          },
        })),
      },
    });
    expect(html).toContain('data-path="contents.contents[1].body.contents[0].action"');
  });

  it("says what it cannot draw", () => {
    expect(renderMessage({ type: "hologram" })).toContain("[hologram message]");
  });
});

describe("quick replies and rich menus", () => {
  it("renders quick reply chips with their action paths", () => {
    const html = renderQuickReply({
      type: "text",
      text: "?",
      quickReply: {
        items: [
          {
            type: "action",
            imageUrl: "https://x.test/i.png",
            action: { type: "message", label: "Yes", text: "Yes" },
          },
          { type: "action", action: { type: "camera", label: "Photo" } },
        ],
      },
    });
    expect(html).toContain('data-path="quickReply.items[1].action"');
    expect(html).toContain('data-action-type="camera"');
    expect(html).toContain(">Yes</button>");
    expect(renderQuickReply({ type: "text", text: "no chips" })).toBe("");
  });

  it("places rich menu areas in percent of the menu's size", () => {
    const html = renderRichMenu({
      imageUrl: "http://localhost/m.png",
      size: { width: 2500, height: 843 },
      chatBarText: "<Menu>",
      selected: false,
      areas: [
        {
          bounds: { x: 1250, y: 0, width: 1250, height: 843 },
          action: { type: "postback", data: "x" },
        },
      ],
    });
    expect(html).toContain("&lt;Menu&gt;");
    expect(html).toContain('data-area="0"');
    expect(html).toContain("left:50.000%");
    expect(html).not.toContain(" open");
  });
});
