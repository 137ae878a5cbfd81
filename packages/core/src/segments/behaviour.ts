import type { TimelineKind } from "../friends/timeline.ts";

/**
 * Where behaviour in LINE is read from: a friend's timeline, by kind and detail keys. The
 * parts of Kizuna that record these rows (delivery, tracking links, rich menus, forms) write
 * them so; segments only read.
 *
 * - received: `message_sent` with `detail.campaignId`, one row per friend a campaign reached.
 * - opened: `message_opened` with `detail.campaignId` (LINE reports opens per message, not per
 *   friend; Kizuna records a friend's open when it can observe it, e.g. an image it serves).
 * - clicked: `link_clicked` with `detail.campaignId` and `detail.url` (tracking links).
 * - postback: `postback` with `detail.data`, as LINE's postback event gives it.
 * - rich menu: a tapped postback area is a `postback` whose detail also names `richMenuId`
 *   and `area`.
 * - form: `form_answered` with `detail.formId`.
 */
export const BEHAVIOUR_TIMELINE = {
  received: "message_sent",
  opened: "message_opened",
  clicked: "link_clicked",
  postback: "postback",
  richMenu: "postback",
  form: "form_answered",
} as const satisfies Record<string, TimelineKind>;

export const MESSAGE_ACTION_KINDS = {
  received: BEHAVIOUR_TIMELINE.received,
  opened: BEHAVIOUR_TIMELINE.opened,
  clicked: BEHAVIOUR_TIMELINE.clicked,
} as const;
