import { type DB, listDueProfiles, notifyFriendsChanged, saveProfile } from "@kizuna/db";
import type { Kysely } from "kysely";
import type { LineClients } from "../runtime/line-clients.ts";

const BATCH = 50;

/**
 * Fetches the LINE profile of friends who just followed. Returns whether any was saved;
 * a profile LINE fails to give stays due and is tried again after the idle wait.
 */
export async function fetchDueProfiles(db: Kysely<DB>, clients: LineClients): Promise<boolean> {
  const due = await listDueProfiles(db, BATCH);
  const changed = new Set<string>();
  const results = await Promise.allSettled(
    due.map(async (friend) => {
      const line = await clients(friend.channelId);
      await saveProfile(db, friend.id, await line.getProfile(friend.lineUserId));
      changed.add(friend.channelId);
    }),
  );
  for (const channelId of changed) await notifyFriendsChanged(db, channelId);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  return changed.size > 0;
}
