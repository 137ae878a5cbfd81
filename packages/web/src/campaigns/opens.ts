import type { CampaignOpens } from "./types.ts";

// Opens as the results page says them: LINE counts them per unit and reports none under 20
// friends, so "not read yet" and "not reported" are told apart from a count, never shown as 0.

export type OpensView =
  /** Nothing to read yet: not sent, or sent before Kizuna read opens. */
  | { kind: "none" }
  | { kind: "not_read" }
  /** LINE does not count it: the month's aggregation units had run out when it started. */
  | { kind: "uncounted" }
  /** Read, but under 20: LINE does not report it. */
  | { kind: "unreported"; readAt: string }
  | {
      kind: "reported";
      readAt: string;
      opens: number;
      /** null when a variant's opens were not reported, so no rate covers them all. */
      rate: number | null;
      /** Variants left out of the count (under 20). */
      unreported: number;
      /** Variants left out because LINE does not count them (the month's unit limit). */
      uncounted: number;
    };

export function opensView(opens: CampaignOpens | null | undefined): OpensView {
  if (!opens) return { kind: "none" };
  // Nothing counted at all: say why, never "not read yet" (it never will be).
  if ((opens.uncounted ?? 0) > 0 && opens.uniqueImpressions === null) return { kind: "uncounted" };
  if (opens.readAt === null) return { kind: "not_read" };
  if (opens.uniqueImpressions === null) return { kind: "unreported", readAt: opens.readAt };
  return {
    kind: "reported",
    readAt: opens.readAt,
    opens: opens.uniqueImpressions,
    rate: opens.openRate,
    unreported: opens.unreported,
    uncounted: opens.uncounted ?? 0,
  };
}
