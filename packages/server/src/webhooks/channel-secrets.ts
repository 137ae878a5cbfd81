import type { SecretBox } from "@kizuna/core";
import { type DB, findChannelByLineId } from "@kizuna/db";
import type { Kysely } from "kysely";

export interface ChannelKey {
  id: string;
  secret: string;
}

const TTL_MS = 30_000;

/**
 * The channel secret for a LINE channel id, decrypted once and kept for 30 s: the
 * webhook route verifies every request with it, so it must not cost a query each time.
 */
export function channelSecretCache(db: Kysely<DB>, box: SecretBox) {
  const cache = new Map<string, { key: ChannelKey | null; until: number }>();
  return async (lineChannelId: string): Promise<ChannelKey | null> => {
    const hit = cache.get(lineChannelId);
    if (hit && hit.until > Date.now()) return hit.key;
    const channel = await findChannelByLineId(db, lineChannelId);
    const key = channel ? { id: channel.id, secret: box.open(channel.secret_enc) } : null;
    // Unknown ids are not cached: anyone can ask for any id, and the map must not grow.
    if (key) cache.set(lineChannelId, { key, until: Date.now() + TTL_MS });
    return key;
  };
}
