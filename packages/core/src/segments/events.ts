import { z } from "zod";
import { EXTERNAL_ID_MAX_LENGTH } from "../members/member.ts";
import { eventTypeSchema, STANDARD_EVENT_TYPES } from "./definition.ts";

/** The most events one `POST /api/v1/events` carries (one statement). */
export const EVENT_BATCH_MAX = 1000;
export const LINE_USER_ID = /^U[0-9a-f]{32}$/;
/** Events may arrive late (a batch job, a backfill), but not from the future beyond clock skew. */
export const EVENT_FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;
export const EVENT_EARLIEST = "2000-01-01T00:00:00Z";
const PROPERTIES_MAX_BYTES = 8 * 1024;

/**
 * Something the company's systems saw a customer do: a purchase, a cart, a favourite, a
 * visit, or a type of their own. It names the customer by the member's external id or by the
 * LINE user id; segments count a friend's events by either.
 */
export const eventInputSchema = z
  .strictObject({
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(EXTERNAL_ID_MAX_LENGTH)
      .optional()
      .describe("The member's id in the company's system (会員番号)."),
    lineUserId: z
      .string()
      .regex(LINE_USER_ID, "a LINE user id: U and 32 hex digits")
      .optional()
      .describe("The LINE user id, for customers not (yet) linked to a member."),
    type: eventTypeSchema.describe(
      `${STANDARD_EVENT_TYPES.join(", ")}, or a type of your own (lower-case).`,
    ),
    occurredAt: z.iso
      .datetime({ offset: true })
      .describe("When it happened, ISO 8601 with a time zone."),
    properties: z
      .record(z.string().max(64), z.json())
      .default({})
      .refine((properties) => JSON.stringify(properties).length <= PROPERTIES_MAX_BYTES, {
        message: `at most ${PROPERTIES_MAX_BYTES} bytes of JSON`,
      })
      .describe('Whatever segments should test, e.g. {"amount": 5800, "category": "shoes"}.'),
    eventId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("Your id for the event: sending it again with the same occurredAt is ignored."),
  })
  .refine((event) => event.externalId !== undefined || event.lineUserId !== undefined, {
    message: "name the customer: externalId or lineUserId",
    path: ["externalId"],
  });
export type EventInput = z.infer<typeof eventInputSchema>;

export type EventRejection = { code: string; field: string; message: string };

/** An event checked against the clock; refusals name the field. */
export function checkEventTime(occurredAt: Date, now: Date): EventRejection | null {
  if (occurredAt.getTime() > now.getTime() + EVENT_FUTURE_TOLERANCE_MS)
    return {
      code: "occurred_in_future",
      field: "occurredAt",
      message: "occurredAt is more than a day ahead",
    };
  if (occurredAt.getTime() < Date.parse(EVENT_EARLIEST))
    return {
      code: "occurred_too_early",
      field: "occurredAt",
      message: `occurredAt is before ${EVENT_EARLIEST}`,
    };
  return null;
}
