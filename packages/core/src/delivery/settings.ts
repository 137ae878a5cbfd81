import { z } from "zod";
import { PLAN_IDS, PLANS, type Plan, planSchema } from "./pricing.ts";
import { quietHoursSchema } from "./quiet-hours.ts";

/** No more than `count` campaign messages per friend in any `periodHours`, across campaigns. */
export const frequencyCapSchema = z.object({
  count: z.number().int().min(1).max(1000),
  periodHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 92),
});
export type FrequencyCap = z.infer<typeof frequencyCapSchema>;

/** A channel's delivery settings, as staff edit them and as senders read them. */
export const deliverySettingsSchema = z
  .object({
    /** The channel's LINE plan, for the cost estimate; `custom` uses `customPlan`. */
    plan: z.enum([...PLAN_IDS, "custom"]),
    customPlan: planSchema.nullable(),
    /** Kizuna's own ceiling on messages a month (the quota guard), beside LINE's. */
    monthlyLimit: z.number().int().min(0).nullable(),
    frequencyCap: frequencyCapSchema.nullable(),
    quietHours: quietHoursSchema.nullable(),
    /** IANA time zone of the quiet hours and of the month the quota counts. */
    timeZone: z.string().refine(isTimeZone, "unknown time zone"),
  })
  .refine((s) => (s.plan === "custom") === (s.customPlan !== null), {
    message: "customPlan is required for the custom plan, and only for it",
    path: ["customPlan"],
  });
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  plan: "standard",
  customPlan: null,
  monthlyLimit: null,
  frequencyCap: null,
  quietHours: null,
  timeZone: "Asia/Tokyo",
};

export function planOf(settings: DeliverySettings): Plan {
  return settings.plan === "custom" && settings.customPlan
    ? settings.customPlan
    : PLANS[settings.plan === "custom" ? "standard" : settings.plan];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
