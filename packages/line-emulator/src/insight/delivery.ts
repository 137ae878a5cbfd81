import { deliveredOn } from "../messaging/delivery-counts.ts";
import type { EmulatorState } from "../state/state.ts";
import { dayStatus } from "./dates.ts";

/** LINE has delivery statistics from 2017-03-01 (REF#get-number-of-delivery-messages). */
const FIRST_DATE = "20170301";

export type DeliveriesResponse =
  | {
      status: "ready";
      broadcast: number;
      targeting: number;
      autoResponse: number;
      welcomeResponse: number;
      chat: number;
      apiBroadcast: number;
      apiPush: number;
      apiMulticast: number;
      apiNarrowcast: number;
      apiReply: number;
    }
  | { status: "unready" | "out_of_service" };

/**
 * GET /v2/bot/insight/message/delivery: messages delivered that day, one per recipient, by route.
 * Everything here goes through the Messaging API, so the LINE Official Account Manager routes
 * (broadcast, targeting, auto and welcome responses, chat) are 0.
 */
export function deliveriesOn(
  state: EmulatorState,
  channelId: string,
  date: string,
  nowMs: number,
): DeliveriesResponse {
  const status = dayStatus(date, FIRST_DATE, nowMs);
  if (status !== "ready") return { status };
  const counts = deliveredOn(state, channelId, date);
  return {
    status,
    broadcast: 0,
    targeting: 0,
    autoResponse: 0,
    welcomeResponse: 0,
    chat: 0,
    apiBroadcast: counts.broadcast,
    apiPush: counts.push,
    apiMulticast: counts.multicast,
    apiNarrowcast: counts.narrowcast,
    apiReply: counts.reply,
  };
}
