import { engagementOf, unitRequests } from "../state/engagement.ts";
import { jstDate } from "../state/follow-history.ts";
import type { EmulatorState } from "../state/state.ts";
import type { ReceivedMessage } from "../state/types.ts";
import {
  bubbles,
  type ClickStats,
  type InteractionOverview,
  interactions,
  type MessageStats,
  sentRequests,
} from "./message-event.ts";

export type PerUnitResponse = {
  overview: InteractionOverview;
  messages: MessageStats[];
  clicks: ClickStats[];
};

/**
 * GET /v2/bot/insight/message/event/aggregation (REF#get-statistics-per-unit): interaction
 * statistics added up over the pushes and multicasts sent with one aggregation unit between two
 * Japan-time dates; bubbles of the same seq add up.
 */
export function perUnitStats(
  state: EmulatorState,
  channelId: string,
  unit: string,
  from: string,
  to: string,
  received: readonly ReceivedMessage[],
): PerUnitResponse {
  const ids = new Set(
    unitRequests(state, channelId, unit)
      .filter(({ at }) => {
        const date = jstDate(at);
        return date >= from && date <= to;
      })
      .map(({ requestId }) => requestId),
  );
  const requests = sentRequests(received, ids);
  const sent = [...requests.values()].map((request) => {
    const engagement = engagementOf(state, request.requestId);
    return { request, engagement: engagement?.channelId === channelId ? engagement : undefined };
  });
  const engagements = sent.flatMap(({ engagement }) => (engagement ? [engagement] : []));
  return { overview: interactions(engagements), ...bubbles(sent) };
}
