import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/** Stores a channel's LINE Login channel (secret sealed by the caller) and its Login origin. */
export async function saveLoginChannel(
  db: Kysely<DB>,
  channelId: string,
  login: {
    loginChannelId: string | null;
    loginChannelSecretEnc: string | null;
    loginBaseUrl: string | null;
  },
): Promise<boolean> {
  const updated = await db
    .updateTable("channels")
    .set({
      login_channel_id: login.loginChannelId,
      login_channel_secret_enc: login.loginChannelSecretEnc,
      login_base_url: login.loginBaseUrl,
    })
    .where("id", "=", channelId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Where LINE's browser pages are for a channel (the account-link dialog, Login): set alone
 * when the Messaging API channel is connected, so a Login channel saved earlier stays.
 */
export async function saveLoginBaseUrl(
  db: Kysely<DB>,
  channelId: string,
  loginBaseUrl: string | null,
): Promise<void> {
  await db
    .updateTable("channels")
    .set({ login_base_url: loginBaseUrl })
    .where("id", "=", channelId)
    .execute();
}
