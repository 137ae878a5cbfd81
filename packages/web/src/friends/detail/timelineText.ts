import type { TimelineItem } from "../../api/friendData.ts";

/** Who did it, as the timeline says it. */
export type TimelineActor = "friend" | "system" | "staff" | "api" | "bulk";

export function actorOf(item: TimelineItem): TimelineActor {
  if (item.detail.bulk === true) return "bulk";
  if (item.actor === "friend") return "friend";
  if (item.actor.startsWith("staff:")) return "staff";
  if (item.actor.startsWith("api_key:")) return "api";
  return "system";
}

/** The line under the headline: the message text, the tag, the change of a field. */
export function timelineSubject(
  item: TimelineItem,
  format: (value: unknown) => string,
): { kind: "text"; text: string } | { kind: "change"; from: string; to: string } | null {
  const detail = item.detail;
  switch (item.kind) {
    case "message_received":
    case "message_sent":
      return typeof detail.text === "string"
        ? { kind: "text", text: detail.text }
        : typeof detail.type === "string"
          ? { kind: "text", text: `[${detail.type}]` }
          : null;
    case "postback":
      return typeof detail.data === "string" ? { kind: "text", text: detail.data } : null;
    case "link_clicked":
      return typeof detail.url === "string" ? { kind: "text", text: detail.url } : null;
    case "field_changed":
      return { kind: "change", from: format(detail.from), to: format(detail.to) };
    case "note_added":
      return typeof detail.excerpt === "string" ? { kind: "text", text: detail.excerpt } : null;
    default:
      return null;
  }
}

/**
 * What the headline's text fills in: a tag's name, a field's label, the campaign a link came
 * from, the rich menu and area a postback came from. `context` picks the wording that names
 * the campaign (`link_clicked_campaign`) or the rich menu (`postback_rich_menu`).
 */
export function timelineHeadlineValues(item: TimelineItem): {
  name: string;
  label: string;
  campaign: string;
  menu: string;
  area: string;
  context?: "campaign" | "rich_menu";
} {
  const campaign = typeof item.detail.campaignName === "string" ? item.detail.campaignName : "";
  const menu = typeof item.detail.richMenuName === "string" ? item.detail.richMenuName : "";
  const area = typeof item.detail.area === "string" ? item.detail.area : "";
  const context =
    item.kind === "link_clicked" && campaign
      ? ("campaign" as const)
      : item.kind === "postback" && typeof item.detail.richMenuId === "string"
        ? ("rich_menu" as const)
        : undefined;
  return {
    name: String(item.detail.tagName ?? ""),
    label: String(item.detail.label ?? ""),
    campaign,
    menu,
    area,
    ...(context ? { context } : {}),
  };
}
