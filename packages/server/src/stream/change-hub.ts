import { CAMPAIGN_NOTIFY_CHANNEL, type Database, FRIENDS_NOTIFY_CHANNEL } from "@kizuna/db";

export type ChangeTopic = "friends" | "campaigns";
type Listener = (topic: ChangeTopic) => void;

// Bursts of changes (a thousand follows in a second) reach browsers as one event per topic.
const COALESCE_MS = 100;

/**
 * Fans PostgreSQL NOTIFY out to the browsers watching a channel, so that any server
 * process learns of changes a worker made, whichever process made them.
 */
export async function startChangeHub(database: Database) {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<string, NodeJS.Timeout>();

  function emit(channelId: string, topic: ChangeTopic) {
    const key = `${channelId}:${topic}`;
    if (pending.has(key)) return;
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        for (const listener of listeners.get(channelId) ?? []) listener(topic);
      }, COALESCE_MS),
    );
  }

  const unlisten = [
    await database.listen(FRIENDS_NOTIFY_CHANNEL, (channelId) => emit(channelId, "friends")),
    await database.listen(CAMPAIGN_NOTIFY_CHANNEL, (channelId) => emit(channelId, "campaigns")),
  ];

  return {
    subscribe(channelId: string, listener: Listener): () => void {
      const set = listeners.get(channelId) ?? new Set();
      set.add(listener);
      listeners.set(channelId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(channelId);
      };
    },
    async close() {
      for (const timer of pending.values()) clearTimeout(timer);
      await Promise.all(unlisten.map((stop) => stop()));
    },
  };
}

export type ChangeHub = Awaited<ReturnType<typeof startChangeHub>>;
