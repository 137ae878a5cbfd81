import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings, type Plan } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/** A channel's delivery settings; a channel that never saved any has the defaults. */
export async function getDeliverySettings(
  db: Kysely<DB>,
  channelId: string,
): Promise<DeliverySettings> {
  const row = await db
    .selectFrom("channel_delivery_settings")
    .selectAll()
    .where("channel_id", "=", channelId)
    .executeTakeFirst();
  if (!row) return DEFAULT_DELIVERY_SETTINGS;
  return {
    plan: row.plan,
    customPlan: (row.custom_plan as Plan | null) ?? null,
    monthlyLimit: row.monthly_limit,
    frequencyCap:
      row.frequency_cap_count !== null && row.frequency_cap_hours !== null
        ? { count: row.frequency_cap_count, periodHours: row.frequency_cap_hours }
        : null,
    quietHours:
      row.quiet_hours_start !== null && row.quiet_hours_end !== null
        ? { start: row.quiet_hours_start, end: row.quiet_hours_end, mode: row.quiet_hours_mode }
        : null,
    timeZone: row.time_zone,
  };
}

export async function saveDeliverySettings(
  db: Kysely<DB>,
  channelId: string,
  settings: DeliverySettings,
): Promise<DeliverySettings> {
  const values = {
    plan: settings.plan,
    custom_plan: settings.customPlan ? JSON.stringify(settings.customPlan) : null,
    monthly_limit: settings.monthlyLimit,
    frequency_cap_count: settings.frequencyCap?.count ?? null,
    frequency_cap_hours: settings.frequencyCap?.periodHours ?? null,
    quiet_hours_start: settings.quietHours?.start ?? null,
    quiet_hours_end: settings.quietHours?.end ?? null,
    quiet_hours_mode: settings.quietHours?.mode ?? "hold",
    time_zone: settings.timeZone,
    updated_at: new Date(),
  };
  await db
    .insertInto("channel_delivery_settings")
    .values({ channel_id: channelId, ...values })
    .onConflict((conflict) => conflict.column("channel_id").doUpdateSet(values))
    .execute();
  // Campaigns held for the old quiet hours are looked at again under the new ones.
  await db
    .updateTable("campaigns")
    .set({ held_until: null })
    .where("channel_id", "=", channelId)
    .where("held_until", "is not", null)
    .execute();
  return getDeliverySettings(db, channelId);
}
