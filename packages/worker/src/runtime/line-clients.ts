import type { SecretBox } from "@kizuna/core";
import { type DB, findChannel } from "@kizuna/db";
import { createLineClient, type LineClient } from "@kizuna/line";
import type { Kysely } from "kysely";

const TTL_MS = 60_000;

/** A LINE client per channel, built from its decrypted token and kept for a minute. */
export function lineClients(db: Kysely<DB>, box: SecretBox) {
  const cache = new Map<string, { client: LineClient; until: number }>();
  return async (channelId: string): Promise<LineClient> => {
    const hit = cache.get(channelId);
    if (hit && hit.until > Date.now()) return hit.client;
    const channel = await findChannel(db, channelId);
    if (!channel) throw new Error(`channel ${channelId} not found`);
    const client = createLineClient({
      channelAccessToken: box.open(channel.access_token_enc),
      apiBaseUrl: channel.api_base_url,
    });
    cache.set(channelId, { client, until: Date.now() + TTL_MS });
    return client;
  };
}

export type LineClients = ReturnType<typeof lineClients>;
