import {
  checkEventTime,
  EVENT_BATCH_MAX,
  type EventRejection,
  eventInputSchema,
} from "@kizuna/core/segments";
import { type EventToStore, storeEvents } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";

export const eventBatchBody = z.object({
  events: z.array(z.unknown()).min(1).max(EVENT_BATCH_MAX),
});

export type EventResult =
  | { index: number; outcome: "accepted" | "duplicate" }
  | { index: number; outcome: "rejected"; errors: EventRejection[] };

/**
 * `POST /api/v1/events`: the company's systems report what customers did. Each item is
 * checked on its own; good items are stored in one statement whatever the bad ones, and each
 * result says what became of the item at its index.
 */
export function publicEventRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.post(
      "/api/v1/events",
      { config: { public: true, apiScope: "events:write" }, schema: { body: eventBatchBody } },
      async (request) => {
        const now = new Date();
        const results: EventResult[] = [];
        const accepted: { index: number; event: EventToStore }[] = [];
        for (const [index, item] of request.body.events.entries()) {
          const parsed = eventInputSchema.safeParse(item);
          if (!parsed.success) {
            results.push({
              index,
              outcome: "rejected",
              errors: parsed.error.issues.map((issue) => ({
                code: "invalid",
                field: issue.path.join(".") || "event",
                message: issue.message,
              })),
            });
            continue;
          }
          const event = parsed.data;
          const occurredAt = new Date(event.occurredAt);
          const late = checkEventTime(occurredAt, now);
          if (late) {
            results.push({ index, outcome: "rejected", errors: [late] });
            continue;
          }
          accepted.push({
            index,
            event: {
              externalId: event.externalId,
              lineUserId: event.lineUserId,
              type: event.type,
              occurredAt,
              properties: event.properties as Record<string, unknown>,
              eventId: event.eventId,
            },
          });
        }
        const outcomes = await storeEvents(
          db,
          accepted.map((item) => item.event),
          request.apiKey?.id ?? null,
        );
        for (const [i, { index }] of accepted.entries()) {
          const outcome = outcomes[i]!;
          results.push(
            outcome === "unknown_member"
              ? {
                  index,
                  outcome: "rejected",
                  errors: [
                    {
                      code: "unknown_member",
                      field: "externalId",
                      message: "no member has this external id",
                    },
                  ],
                }
              : { index, outcome },
          );
        }
        results.sort((a, b) => a.index - b.index);
        const count = (outcome: EventResult["outcome"]) =>
          results.filter((result) => result.outcome === outcome).length;
        const summary = {
          accepted: count("accepted"),
          duplicates: count("duplicate"),
          rejected: count("rejected"),
        };
        request.log.info({ apiKeyId: request.apiKey?.id, ...summary }, "events received");
        return { ...summary, results };
      },
    );
  };
}
