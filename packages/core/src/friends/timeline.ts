/**
 * What can happen in a friend's timeline. The friend acts (follows, writes, taps), Kizuna
 * acts (sends), staff act (tags, fields, notes, manual links), or the company's systems
 * act through the API.
 */
export const TIMELINE_KINDS = [
  "followed",
  "blocked",
  "unblocked",
  "message_received",
  "message_sent",
  "postback",
  "link_clicked",
  "form_answered",
  "tag_added",
  "tag_removed",
  "field_changed",
  "linked",
  "unlinked",
  "note_added",
] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The kinds that make up a friend's follow history. */
export const FOLLOW_KINDS = ["followed", "blocked", "unblocked"] as const satisfies TimelineKind[];
