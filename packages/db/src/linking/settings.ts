import { DEFAULT_SECOND_FACTOR, type SecondFactorKind } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export interface LinkingSettings {
  /** What a friend must also know to be matched without signing in. */
  matchSecondFactor: SecondFactorKind;
  /** The company's own account-link sign-in page; null for Kizuna's hosted one. */
  accountLinkUrl: string | null;
}

/** A channel's settings; one never saved uses the workspace default (LINK_MATCH_SECOND_FACTOR). */
export async function linkingSettings(
  db: Kysely<DB>,
  channelId: string,
  defaultSecondFactor: SecondFactorKind = DEFAULT_SECOND_FACTOR,
): Promise<LinkingSettings> {
  const row = await db
    .selectFrom("channel_linking_settings")
    .select(["match_second_factor", "account_link_url"])
    .where("channel_id", "=", channelId)
    .executeTakeFirst();
  return row
    ? { matchSecondFactor: row.match_second_factor, accountLinkUrl: row.account_link_url }
    : { matchSecondFactor: defaultSecondFactor, accountLinkUrl: null };
}

export async function saveLinkingSettings(
  db: Kysely<DB>,
  channelId: string,
  settings: LinkingSettings,
): Promise<void> {
  const values = {
    match_second_factor: settings.matchSecondFactor,
    account_link_url: settings.accountLinkUrl,
    updated_at: new Date(),
  };
  await db
    .insertInto("channel_linking_settings")
    .values({ channel_id: channelId, ...values })
    .onConflict((conflict) => conflict.column("channel_id").doUpdateSet(values))
    .execute();
}
