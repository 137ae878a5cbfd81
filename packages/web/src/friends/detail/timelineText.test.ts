import { describe, expect, it } from "vitest";
import type { TimelineItem } from "../../api/friendData.ts";
import { actorOf, timelineSubject } from "./timelineText.ts";

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
});
