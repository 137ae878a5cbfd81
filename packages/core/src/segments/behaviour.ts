import type { TimelineKind } from "../friends/timeline.ts";

/**
 * Where behaviour in LINE is read from: a friend's timeline, by kind and detail keys. The
 * parts of Kizuna that record these rows (delivery, tracking links, rich menus, forms) write
 * them so; segments only read.
 *
 * - received: `message_sent` with `detail.campaignId`, one row per friend a campaign reached.
 * - opened: not a condition. LINE reports opens per message (per aggregation unit, 20 users or
 *   more), never per friend, so no segment can select the friends who opened something.
 * - clicked: `link_clicked` with `detail.campaignId` and `detail.url` (tracking links).
 * - postback: `postback` with `detail.data`, as LINE's postback event gives it.
 * - rich menu: a tapped postback area is a `postback` whose detail also names `richMenuId`
 *   and `area` (and `richMenuName`), added by the worker from the channel's menus
 *   (`rich-menus/taps.ts`).
 * - form: `form_answered` with `detail.formId`.
 */
export const BEHAVIOUR_TIMELINE = {
  received: "message_sent",
  clicked: "link_clicked",
  postback: "postback",
  richMenu: "postback",
  form: "form_answered",
} as const satisfies Record<string, TimelineKind>;

export const MESSAGE_ACTION_KINDS = {
  received: BEHAVIOUR_TIMELINE.received,
  clicked: BEHAVIOUR_TIMELINE.clicked,
} as const;
