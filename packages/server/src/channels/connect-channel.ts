import type { SecretBox } from "@kizuna/core";
import { type Channel, type Database, saveChannel } from "@kizuna/db";
import { createLineClient } from "@kizuna/line";

export interface ChannelCredentials {
  lineChannelId: string;
  channelSecret: string;
  channelAccessToken: string;
  /** The emulator's origin; absent for the real LINE Platform. */
  apiBaseUrl?: string | null | undefined;
}

/**
 * Registers a Messaging API channel: checks the token by reading the bot's profile,
 * stores the credentials encrypted, and points the channel's webhook at this server.
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
    pictureUrl: bot.pictureUrl,
  });
  await line.setWebhookEndpoint(webhookUrl(deps.publicUrl, credentials.lineChannelId));
  return channel;
}

export function webhookUrl(publicUrl: string, lineChannelId: string): string {
  return new URL(`/webhooks/line/${encodeURIComponent(lineChannelId)}`, publicUrl).toString();
}
