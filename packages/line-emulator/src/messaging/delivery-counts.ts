import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import type { DeliveryCounts } from "../state/messaging.ts";
import type { EmulatorState } from "../state/state.ts";
import type { SendVia } from "../state/types.ts";
import { channelOf } from "./auth.ts";
import { requestBodyErrors, sendLineError } from "./errors.ts";
import { japanDate } from "./japan-time.ts";

// GET /v2/bot/message/delivery/{reply,push,multicast,broadcast}?date=yyyyMMdd
// (REF#get-number-of-reply-messages …, OAS NumberOfMessagesResponse): messages delivered that
// Japan-time day, one per recipient, ready from the next day on.

/** LINE started counting on 2018-03-31; earlier dates are `out_of_service`. */
const FIRST_COUNTED_DATE = "20180331";
/** Below this a day's count is withheld (`unavailable_for_privacy`). */
const PRIVACY_THRESHOLD = 20;

const KINDS = ["reply", "push", "multicast", "broadcast"] as const;

export function recordDelivered(
  state: EmulatorState,
  channelId: string,
  via: SendVia,
  recipients: number,
  nowMs: number,
): void {
  if (recipients === 0) return;
  let days = state.messaging.deliveryCounts.get(channelId);
  if (!days) {
    days = new Map();
    state.messaging.deliveryCounts.set(channelId, days);
  }
  const date = japanDate(nowMs);
  let counts = days.get(date);
  if (!counts) {
    counts = { reply: 0, push: 0, multicast: 0, narrowcast: 0, broadcast: 0 };
    days.set(date, counts);
  }
  counts[via] += recipients;
}

/** Messages delivered on a Japan-time `yyyyMMdd` day, by route (zeros when nothing was sent). */
export function deliveredOn(state: EmulatorState, channelId: string, date: string): DeliveryCounts {
  return (
    state.messaging.deliveryCounts.get(channelId)?.get(date) ?? {
      reply: 0,
      push: 0,
      multicast: 0,
      narrowcast: 0,
      broadcast: 0,
    }
  );
}

export type NumberOfMessages =
  | { status: "ready"; success: number }
  | { status: "unready" | "unavailable_for_privacy" | "out_of_service" };

export function numberOfMessages(
  state: EmulatorState,
  channelId: string,
  via: SendVia,
  date: string,
  nowMs: number,
): NumberOfMessages {
  if (date < FIRST_COUNTED_DATE) return { status: "out_of_service" };
  // Counting takes about a day: today and later are not ready.
  if (date >= japanDate(nowMs)) return { status: "unready" };
  const success = deliveredOn(state, channelId, date)[via];
  if (success < PRIVACY_THRESHOLD) return { status: "unavailable_for_privacy" };
  return { status: "ready", success };
}

export function deliveryCountRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  for (const kind of KINDS) {
    app.get<{ Querystring: { date?: string } }>(
      `/v2/bot/message/delivery/${kind}`,
      async (request, reply) => {
        const { date } = request.query;
        if (!date || !/^\d{8}$/.test(date) || Number.isNaN(Date.parse(isoDate(date)))) {
          return sendLineError(
            reply,
            requestBodyErrors([
              { message: "Must be a date in the format yyyyMMdd", property: "date" },
            ]),
          );
        }
        return numberOfMessages(ctx.state, channelOf(request).channelId, kind, date, ctx.now());
      },
    );
  }
}

function isoDate(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}
