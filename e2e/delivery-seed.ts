import type { SecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { connectChannel } from "@kizuna/server";
import { sql } from "kysely";
import { control } from "./harness.ts";

/** A LINE channel on the emulator, connected to Kizuna: a clean slate for one test. */
export async function addChannel(
  deps: { database: Database; secretBox: SecretBox; publicUrl: string },
  emulatorUrl: string,
  apiBaseUrl = emulatorUrl,
) {
  const line = await control<{
    channelId: string;
    channelSecret: string;
    channelAccessToken: string;
  }>(emulatorUrl, "POST", "/_emulator/channels", { name: "Delivery Test" });
  const channel = await connectChannel(deps, {
    lineChannelId: line.channelId,
    channelSecret: line.channelSecret,
    channelAccessToken: line.channelAccessToken,
    apiBaseUrl,
  });
  return { id: channel.id, lineChannelId: line.channelId };
}

/**
 * `count` virtual users who follow the channel on the emulator (silently: no webhooks), and
 * their friend rows in Kizuna written in one statement, as a follower sync would. Names are
 * `names[i]` (null: a friend with no LINE name, greeted by a variable's default), or the
 * emulator's "友だち n" beyond the list.
 */
export async function seedFriends(
  database: Database,
  emulatorUrl: string,
  channel: { id: string; lineChannelId: string },
  count: number,
  names?: readonly (string | null)[],
): Promise<{ userIds: string[]; friendIds: string[] }> {
  const { userIds } = await control<{ userIds: string[] }>(
    emulatorUrl,
    "POST",
    `/_emulator/channels/${channel.lineChannelId}/followers`,
    { count, silent: true, namePrefix: "友だち" },
  );
  const friendIds: string[] = [];
  // A million ids in one parameter is fine for PostgreSQL; chunks keep the statement small.
  for (let i = 0; i < userIds.length; i += 100_000) {
    const chunk = userIds.slice(i, i + 100_000);
    const chunkNames = chunk.map((_, j) =>
      names && i + j < names.length ? names[i + j] : `友だち ${i + j + 1}`,
    );
    const { rows } = await sql<{ id: string }>`
      INSERT INTO friends (channel_id, line_user_id, display_name, status, followed_at,
        status_changed_at, profile_fetched_at)
      SELECT ${channel.id}, u.id, u.name, 'following', now(), now(), now()
      FROM unnest(${chunk}::text[], ${chunkNames}::text[]) WITH ORDINALITY AS u(id, name, n)
      ORDER BY u.n
      RETURNING id`.execute(database.db);
    friendIds.push(...rows.map((r) => r.id));
  }
  return { userIds, friendIds };
}

export interface ReceivedMessage {
  userId: string;
  via: string;
  requestId: string;
  message: { type: string; text?: string };
}

/** Everything the channel's users received, paged out of the emulator. */
export async function receivedByChannel(
  emulatorUrl: string,
  lineChannelId: string,
): Promise<ReceivedMessage[]> {
  const all: ReceivedMessage[] = [];
  for (let offset = 0; ; offset += 100_000) {
    const page = await control<{ messages: ReceivedMessage[]; total: number }>(
      emulatorUrl,
      "GET",
      `/_emulator/channels/${lineChannelId}/received?limit=100000&offset=${offset}`,
    );
    all.push(...page.messages);
    if (all.length >= page.total || page.messages.length === 0) return all;
  }
}
