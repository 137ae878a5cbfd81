import { z } from "zod";

/**
 * Who a campaign goes to. Each type has its own snapshot statement in packages/db
 * (campaigns/audience.ts), chosen by an exhaustive switch, so a new type — a saved
 * segment, an uploaded audience — cannot be added without saying how it is snapshotted.
 * Exclusion segments will be an `exclude` list beside `type`.
 */
export const audienceSchema = z.discriminatedUnion("type", [
  /** Every friend who follows the channel when the campaign starts (有効友だち). */
  z.object({ type: z.literal("all_friends") }),
]);

export type Audience = z.infer<typeof audienceSchema>;
export type AudienceType = Audience["type"];

export const ALL_FRIENDS: Audience = { type: "all_friends" };
