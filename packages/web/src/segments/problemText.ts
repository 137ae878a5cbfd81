import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { SegmentProblem } from "./api.ts";

const KNOWN = new Set([
  "unknown_tag",
  "unknown_field",
  "unknown_route",
  "unknown_attribute",
  "unknown_campaign",
  "unknown_list",
  "unknown_segment",
  "invalid_segment_reference",
  "segment_cycle",
  "operator_not_applicable",
  "invalid_operand",
  "invalid_range",
  "too_deep",
  "too_many_conditions",
] as const);
type KnownCode = typeof KNOWN extends Set<infer C> ? C : never;

/**
 * A problem the server found, in the marketer's words. The checker's own message (English,
 * for API users) is kept where it names the loop of a segment cycle.
 */
export function useProblemText() {
  const { t } = useTranslation("segments");
  return useCallback(
    (problem: SegmentProblem) => {
      const code = KNOWN.has(problem.code as KnownCode) ? (problem.code as KnownCode) : "other";
      const text = t(`problem.${code}`);
      if (code !== "segment_cycle") return text;
      const loop = /: (.+)$/.exec(problem.message)?.[1];
      return loop ? `${text}（${loop}）` : text;
    },
    [t],
  );
}
