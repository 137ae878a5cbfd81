import type { Message } from "@kizuna/core/messages";
import { useEffect, useRef } from "react";
import { useReview } from "../composer/api.ts";

/**
 * Reports whether messages passed LINE's checks, for a send button that waits for every
 * variant; the review is the one the composer shows (the same query), so it is asked once.
 */
export function ReviewReport({
  channelId,
  messages,
  onReport,
}: {
  channelId: string;
  messages: readonly Message[];
  onReport: (valid: boolean) => void;
}) {
  const review = useReview(channelId, messages);
  const valid = review.data?.valid === true && !review.isPlaceholderData && !review.isFetching;
  const report = useRef(onReport);
  report.current = onReport;
  useEffect(() => report.current(valid), [valid]);
  return null;
}
