import { EVENT_BATCH_MAX, eventInputSchema, STANDARD_EVENT_TYPES } from "@kizuna/core/segments";
import { z } from "zod";

const schema = (type: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...json } = z.toJSONSchema(type, { io, unrepresentable: "any" });
  return json;
};

const resultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int().describe("Sent before with the same eventId and occurredAt"),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int().describe("Position of the item in the request"),
      outcome: z.enum(["accepted", "duplicate", "rejected"]),
      errors: z
        .array(z.object({ code: z.string(), field: z.string(), message: z.string() }))
        .optional(),
    }),
  ),
});

/** The events path of the public API's OpenAPI document. */
export function eventsOpenApiPaths(): Record<string, object> {
  return {
    "/api/v1/events": {
      post: {
        operationId: "sendEvents",
        summary: `Report up to ${EVENT_BATCH_MAX} things customers did`,
        description:
          `Needs the events:write scope. Types: ${STANDARD_EVENT_TYPES.join(", ")} or your own. ` +
          "Name the customer by externalId (a member Kizuna knows) or lineUserId (kept even " +
          "before the user is a friend); segments count a friend's events by either. Good items " +
          "are stored whatever the bad ones; each result says what happened to its item. " +
          "occurredAt may be in the past (backfills) but not more than a day ahead.",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  events: {
                    type: "array",
                    minItems: 1,
                    maxItems: EVENT_BATCH_MAX,
                    items: schema(eventInputSchema, "input"),
                  },
                },
                required: ["events"],
              },
            },
          },
        },
        responses: {
          "200": {
            description: "What happened to each event",
            content: { "application/json": { schema: schema(resultSchema) } },
          },
          "400": {
            description: "The body is not a batch of 1 to 1,000 items",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
    },
  };
}
