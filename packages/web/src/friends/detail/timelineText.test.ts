import i18next from "i18next";
import { describe, expect, it } from "vitest";
import type { TimelineItem } from "../../api/friendData.ts";
import { resources } from "../../i18n/resources.ts";
import { actorOf, timelineHeadlineValues, timelineSubject } from "./timelineText.ts";

const item = (part: Partial<TimelineItem>): TimelineItem => ({
  id: "1",
  kind: "followed",
  actor: "friend",
  occurredAt: "2024-04-01T00:00:00Z",
  detail: {},
  ...part,
});
const show = (value: unknown) => (value === null ? "—" : String(value));

describe("timeline entries", () => {
  it("say who acted: the friend, staff, a bulk edit, the API or Kizuna", () => {
    expect(actorOf(item({ actor: "friend" }))).toBe("friend");
    expect(actorOf(item({ actor: "staff:abc" }))).toBe("staff");
    expect(actorOf(item({ actor: "staff:abc", detail: { bulk: true } }))).toBe("bulk");
    expect(actorOf(item({ actor: "api_key:k" }))).toBe("api");
    expect(actorOf(item({ actor: "system" }))).toBe("system");
  });

  it("show the message text, or its type when it has none", () => {
    expect(
      timelineSubject(
        item({ kind: "message_received", detail: { type: "text", text: "こんにちは" } }),
        show,
      ),
    ).toEqual({ kind: "text", text: "こんにちは" });
    expect(
      timelineSubject(item({ kind: "message_received", detail: { type: "sticker" } }), show),
    ).toEqual({
      kind: "text",
      text: "[sticker]",
    });
  });

  it("show a field change from before to after", () => {
    expect(
      timelineSubject(
        item({ kind: "field_changed", detail: { label: "ランク", from: null, to: "gold" } }),
        show,
      ),
    ).toEqual({ kind: "change", from: "—", to: "gold" });
  });

  it("say which link a friend clicked, and in which campaign, in Japanese and English", async () => {
    const clicked = item({
      kind: "link_clicked",
      detail: { campaignId: "c-1", campaignName: "冬のセール", url: "https://shop.example/sale" },
    });
    expect(timelineSubject(clicked, show)).toEqual({
      kind: "text",
      text: "https://shop.example/sale",
    });
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: "ja", ns: ["friendDetail"], defaultNS: "friendDetail" });
    const headline = (language: string, entry: TimelineItem) =>
      i18n.getFixedT(language, "friendDetail")(
        `timeline.kind.${entry.kind}`,
        timelineHeadlineValues(entry),
      );
    expect(headline("ja", clicked)).toBe("「冬のセール」のリンクを開きました");
    expect(headline("en", clicked)).toBe('Opened a link in "冬のセール"');
    const noCampaign = item({ kind: "link_clicked", detail: { url: "https://shop.example/" } });
    expect(headline("ja", noCampaign)).toBe("リンクを開きました");
  });

  it("say which rich-menu area a friend tapped, and a plain button as before", async () => {
    const tapped = item({
      kind: "postback",
      detail: { data: "coupon", richMenuId: "rm-1", richMenuName: "ショップ", area: "クーポン" },
    });
    const plain = item({ kind: "postback", detail: { data: "yes" } });
    expect(timelineSubject(tapped, show)).toEqual({ kind: "text", text: "coupon" });
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: "ja", ns: ["friendDetail"], defaultNS: "friendDetail" });
    const headline = (language: string, entry: TimelineItem) =>
      i18n.getFixedT(language, "friendDetail")(
        `timeline.kind.${entry.kind}`,
        timelineHeadlineValues(entry),
      );
    expect(headline("ja", tapped)).toBe("リッチメニュー「ショップ」の「クーポン」をタップしました");
    expect(headline("en", tapped)).toBe('Tapped "クーポン" on the rich menu "ショップ"');
    expect(headline("ja", plain)).toBe("ボタンをタップしました");
  });
});
