import { describe, expect, it } from "vitest";
import { trackCampaignLinks } from "./campaign.ts";
import { isTrackableUrl, linkCodeOf, newLinkCode, trackMessageLinks } from "./links.ts";

const PUBLIC = "https://crm.example.com/";

function track(messages: unknown[]) {
  let n = 0;
  return trackMessageLinks(messages, { publicUrl: PUBLIC, newCode: () => `c${++n}` });
}

describe("tracking a campaign's links", () => {
  it("replaces URLs written in a text message, with Japanese right before and after", () => {
    const { messages, links } = track([
      {
        type: "text",
        text: "セール開催中！詳しくはhttps://shop.example/sale?id=1&x=2。またはhttp://shop.example/b（本日まで）",
      },
    ]);
    expect(messages).toEqual([
      {
        type: "text",
        text: "セール開催中！詳しくはhttps://crm.example.com/l/c1。またはhttps://crm.example.com/l/c2（本日まで）",
      },
    ]);
    expect(links).toEqual([
      { code: "c1", url: "https://shop.example/sale?id=1&x=2" },
      { code: "c2", url: "http://shop.example/b" },
    ]);
  });

  it("leaves sentence punctuation and an unbalanced parenthesis outside the URL", () => {
    const { links } = track([
      { type: "text", text: "See https://a.example/x. Or (https://b.example/wiki/Foo_(bar))!" },
    ]);
    expect(links.map((l) => l.url)).toEqual([
      "https://a.example/x",
      "https://b.example/wiki/Foo_(bar)",
    ]);
  });

  it("keeps URLs personalised with {{variables}} and auto-login placeholders as they are", () => {
    const text =
      "{{name}}様 https://shop.example/p?u={{field.code}} {{login_url:https://shop.example/my}} \\{{https://shop.example/ok";
    const { messages, links } = track([{ type: "text", text }]);
    expect(links).toEqual([{ code: "c1", url: "https://shop.example/ok" }]);
    expect((messages[0] as { text: string }).text).toBe(
      "{{name}}様 https://shop.example/p?u={{field.code}} {{login_url:https://shop.example/my}} \\{{https://crm.example.com/l/c1",
    );
  });

  it("rewrites uri actions anywhere: templates, Flex, imagemaps and quick replies", () => {
    const uri = (u: string) => ({ type: "uri", label: "見る", uri: u });
    const { messages, links } = track([
      {
        type: "template",
        altText: "a",
        template: {
          type: "buttons",
          thumbnailImageUrl: "https://cdn.example/thumb.jpg",
          text: "t",
          defaultAction: uri("https://shop.example/a"),
          actions: [
            { ...uri("https://shop.example/b"), altUri: { desktop: "https://shop.example/pc" } },
          ],
        },
      },
      {
        type: "flex",
        altText: "f",
        contents: {
          type: "bubble",
          hero: {
            type: "image",
            url: "https://cdn.example/hero.jpg",
            action: uri("https://shop.example/a"),
          },
          footer: {
            type: "box",
            layout: "vertical",
            contents: [{ type: "button", action: uri("tel:0312345678") }],
          },
        },
      },
      {
        type: "imagemap",
        baseUrl: "https://cdn.example/map",
        altText: "m",
        baseSize: { width: 1040, height: 1040 },
        actions: [
          {
            type: "uri",
            linkUri: "https://shop.example/c",
            area: { x: 0, y: 0, width: 1, height: 1 },
          },
        ],
      },
      {
        type: "text",
        text: "hi",
        quickReply: { items: [{ type: "action", action: uri("https://shop.example/d") }] },
      },
    ]);
    expect(links.map((l) => l.url)).toEqual([
      "https://shop.example/a",
      "https://shop.example/b",
      "https://shop.example/pc",
      "https://shop.example/c",
      "https://shop.example/d",
    ]);
    const json = JSON.stringify(messages);
    expect(json).not.toContain("https://shop.example/");
    expect(json).toContain("https://cdn.example/thumb.jpg");
    expect(json).toContain("https://cdn.example/hero.jpg");
    expect(json).toContain("https://cdn.example/map");
    expect(json).toContain("tel:0312345678");
    // The same URL is one link wherever it appears.
    expect(json.split("https://crm.example.com/l/c1").length - 1).toBe(2);
  });

  it("leaves LINE's own URLs alone", () => {
    const { links } = track([
      {
        type: "text",
        text: "https://line.me/R/ti/p/@shop https://liff.line.me/123-abc https://lin.ee/x",
      },
    ]);
    expect(links).toEqual([]);
  });

  it("moves LINE emoji positions after a URL by the change in length", () => {
    const { messages } = track([
      {
        type: "text",
        text: "$ https://shop.example/long/path/to/sale $",
        emojis: [
          { index: 0, productId: "p", emojiId: "1" },
          { index: 41, productId: "p", emojiId: "2" },
        ],
      },
    ]);
    const message = messages[0] as { text: string; emojis: { index: number }[] };
    expect(message.text).toBe("$ https://crm.example.com/l/c1 $");
    expect(message.emojis.map((e) => message.text[e.index])).toEqual(["$", "$"]);
  });

  it("keeps a URL as it is when tracking it would make the text longer than 5,000 characters", () => {
    const head = `${"あ".repeat(4950)}https://a.b/c `;
    const { messages, links } = track([{ type: "text", text: `${head}https://shop.example/x` }]);
    const text = (messages[0] as { text: string }).text;
    expect(text).toBe(`${head}https://crm.example.com/l/c1`);
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(links).toEqual([{ code: "c1", url: "https://shop.example/x" }]);
  });

  it("makes codes of letters and digits, and reads them back from a path with punctuation", () => {
    const code = newLinkCode();
    expect(code).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(newLinkCode()).not.toBe(code);
    expect(linkCodeOf(`${code}.`)).toBe(code);
    expect(linkCodeOf("%20")).toBeNull();
    expect(isTrackableUrl("javascript:alert(1)")).toBe(false);
  });
});

describe("tracking a campaign's variants", () => {
  it("gives each variant links of its own, labelled with its index", () => {
    let n = 0;
    const message = { type: "text", text: "https://shop.example/sale" };
    const { campaign, links } = trackCampaignLinks(
      {
        name: "セール",
        variants: [
          { messages: [message], weight: 50 },
          { messages: [message], weight: 50 },
        ],
      },
      { publicUrl: PUBLIC, newCode: () => `c${++n}` },
    );
    expect(links).toEqual([
      { code: "c1", url: "https://shop.example/sale", variant: 0 },
      { code: "c2", url: "https://shop.example/sale", variant: 1 },
    ]);
    expect(campaign.variants?.map((v) => v.messages)).toEqual([
      [{ type: "text", text: "https://crm.example.com/l/c1" }],
      [{ type: "text", text: "https://crm.example.com/l/c2" }],
    ]);
    expect(campaign.variants?.map((v) => v.weight)).toEqual([50, 50]);
    expect(campaign.name).toBe("セール");
  });

  it("marks a single campaign's links with no variant", () => {
    const { links } = trackCampaignLinks(
      { messages: [{ type: "text", text: "https://shop.example/" }] },
      { publicUrl: PUBLIC, newCode: () => "only" },
    );
    expect(links).toEqual([{ code: "only", url: "https://shop.example/", variant: null }]);
  });
});
