import type { SecretBox } from "@kizuna/core";
import {
  type Channel,
  type Database,
  findChannel,
  saveChannel,
  saveLoginBaseUrl,
  saveLoginChannel,
} from "@kizuna/db";
import { createLineClient } from "@kizuna/line";

export interface ChannelCredentials {
  lineChannelId: string;
  channelSecret: string;
  channelAccessToken: string;
  /** The emulator's origin; absent for the real LINE Platform. */
  apiBaseUrl?: string | null | undefined;
  /** The LINE Login channel of the same provider (LINE Login linking, inflow routes). */
  loginChannelId?: string | undefined;
  loginChannelSecret?: string | undefined;
  /** The emulator's stand-in for access.line.me (Login pages, account-link dialog). */
  loginBaseUrl?: string | null | undefined;
}

/**
 * Registers a Messaging API channel: checks the token by reading the bot's profile (its
 * name, picture and basic ID, which add-friend URLs name), stores the credentials encrypted, and points the channel's webhook at this server.
 */
export async function connectChannel(
  deps: { database: Database; secretBox: SecretBox; publicUrl: string },
  credentials: ChannelCredentials,
): Promise<Channel> {
  const line = createLineClient({
    channelAccessToken: credentials.channelAccessToken,
    apiBaseUrl: credentials.apiBaseUrl,
  });
  const bot = await line.getBotInfo();
  const channel = await saveChannel(deps.database.db, {
    lineChannelId: credentials.lineChannelId,
    name: bot.displayName,
    secretEnc: deps.secretBox.seal(credentials.channelSecret),
    accessTokenEnc: deps.secretBox.seal(credentials.channelAccessToken),
    apiBaseUrl: credentials.apiBaseUrl ?? null,
    botUserId: bot.userId,
    basicId: bot.basicId,
    pictureUrl: bot.pictureUrl,
  });
  if (credentials.loginChannelId && credentials.loginChannelSecret) {
    await saveLoginChannel(deps.database.db, channel.id, {
      loginChannelId: credentials.loginChannelId,
      loginChannelSecretEnc: deps.secretBox.seal(credentials.loginChannelSecret),
      loginBaseUrl: credentials.loginBaseUrl ?? null,
    });
  } else if (credentials.loginBaseUrl !== undefined) {
    await saveLoginBaseUrl(deps.database.db, channel.id, credentials.loginBaseUrl);
  }
  await line.setWebhookEndpoint(webhookUrl(deps.publicUrl, credentials.lineChannelId));
  return (await findChannel(deps.database.db, channel.id)) ?? channel;
}

export function webhookUrl(publicUrl: string, lineChannelId: string): string {
  return new URL(`/webhooks/line/${encodeURIComponent(lineChannelId)}`, publicUrl).toString();
}
