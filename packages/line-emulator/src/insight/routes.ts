import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { bearerAuth, channelOf } from "../messaging/auth.ts";
import { requestBodyErrors, sendLineError } from "../messaging/errors.ts";
import { receivedMessages } from "../state/received.ts";
import { perUnitStats } from "./aggregation.ts";
import { daysBetween, isInsightDate, yesterday } from "./dates.ts";
import { deliveriesOn } from "./delivery.ts";
import { demographicOf } from "./demographic.ts";
import { followersOn } from "./followers.ts";
import { messageEventStats } from "./message-event.ts";

type Query = Record<string, string | undefined>;

/** The insight endpoints of insight.yml, on the Messaging API's origin, with its bearer tokens. */
export function insightApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("onRequest", bearerAuth(ctx.state));

    app.get<{ Querystring: Query }>("/v2/bot/insight/followers", async (request, reply) => {
      const date = request.query.date ?? yesterday(ctx.now());
      if (!isInsightDate(date)) return badDate(reply, "date");
      return followersOn(ctx.state, channelOf(request).channelId, date, ctx.now());
    });

    app.get("/v2/bot/insight/demographic", async (request) =>
      demographicOf(ctx.state, channelOf(request).channelId, ctx.now()),
    );

    app.get<{ Querystring: Query }>("/v2/bot/insight/message/delivery", async (request, reply) => {
      const { date } = request.query;
      if (!isInsightDate(date)) return badDate(reply, "date");
      return deliveriesOn(ctx.state, channelOf(request).channelId, date, ctx.now());
    });

    app.get<{ Querystring: Query }>("/v2/bot/insight/message/event", async (request, reply) => {
      const { requestId } = request.query;
      if (!requestId) {
        return sendLineError(
          reply,
          requestBodyErrors([{ message: "must not be empty", property: "requestId" }]),
        );
      }
      const { channelId } = channelOf(request);
      const received = receivedMessages(ctx.state, channelId);
      return messageEventStats(ctx.state, channelId, requestId, received);
    });

    app.get<{ Querystring: Query }>(
      "/v2/bot/insight/message/event/aggregation",
      async (request, reply) => {
        const { customAggregationUnit: unit, from, to } = request.query;
        if (!unit || !/^[a-zA-Z0-9_]{1,30}$/.test(unit)) {
          return sendLineError(
            reply,
            requestBodyErrors([
              { message: "Invalid aggregation unit name", property: "customAggregationUnit" },
            ]),
          );
        }
        if (!isInsightDate(from)) return badDate(reply, "from");
        if (!isInsightDate(to)) return badDate(reply, "to");
        const span = daysBetween(from, to);
        if (span < 0 || span > 30) {
          return sendLineError(
            reply,
            requestBodyErrors([
              { message: "The period must be between 0 and 30 days", property: "to" },
            ]),
          );
        }
        const { channelId } = channelOf(request);
        const received = receivedMessages(ctx.state, channelId);
        return perUnitStats(ctx.state, channelId, unit, from, to, received);
      },
    );
  };
}

function badDate(reply: FastifyReply, property: string): FastifyReply {
  return sendLineError(
    reply,
    requestBodyErrors([{ message: "Must be a date in the format yyyyMMdd", property }]),
  );
}
