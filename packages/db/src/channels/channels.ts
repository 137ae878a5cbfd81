import { type Kysely, sql } from "kysely";
import type { Channel, DB } from "../schema.ts";

export interface ChannelSummary {
  id: string;
  lineChannelId: string;
  name: string;
  botUserId: string | null;
  /** The account's basic ID (`@216ru…`) from LINE's bot info; null until it was read. */
  basicId: string | null;
  pictureUrl: string | null;
  validFriends: number;
  blockedFriends: number;
}

export interface ChannelInput {
  lineChannelId: string;
  name: string;
  secretEnc: string;
  accessTokenEnc: string;
  apiBaseUrl: string | null;
  botUserId: string | null;
  pictureUrl: string | null;
  /** Left as it is when absent. */
  basicId?: string | null;
}

/** Registers a channel, or updates the one with the same LINE channel id. */
export async function saveChannel(db: Kysely<DB>, input: ChannelInput): Promise<Channel> {
  const values = {
    line_channel_id: input.lineChannelId,
    name: input.name,
    secret_enc: input.secretEnc,
    access_token_enc: input.accessTokenEnc,
    api_base_url: input.apiBaseUrl,
    bot_user_id: input.botUserId,
    picture_url: input.pictureUrl,
    ...(input.basicId !== undefined ? { basic_id: input.basicId } : {}),
  };
  const { line_channel_id: _, ...updates } = values;
  return db
    .insertInto("channels")
    .values(values)
    .onConflict((conflict) => conflict.column("line_channel_id").doUpdateSet(updates))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findChannel(db: Kysely<DB>, id: string): Promise<Channel | null> {
  return (
    (await db.selectFrom("channels").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

export async function findChannelByLineId(
  db: Kysely<DB>,
  lineChannelId: string,
): Promise<Channel | null> {
  return (
    (await db
      .selectFrom("channels")
      .selectAll()
      .where("line_channel_id", "=", lineChannelId)
      .executeTakeFirst()) ?? null
  );
}

export async function listChannels(db: Kysely<DB>): Promise<Channel[]> {
  return db.selectFrom("channels").selectAll().orderBy("created_at").execute();
}

/** Channels with friend counts; each count is an index-only scan of friends_list_by_status. */
export async function listChannelSummaries(db: Kysely<DB>): Promise<ChannelSummary[]> {
  const rows = await db
    .selectFrom("channels as c")
    .select([
      "c.id",
      "c.line_channel_id",
      "c.name",
      "c.bot_user_id",
      "c.basic_id",
      "c.picture_url",
      sql<number>`(SELECT count(*)::int FROM friends f WHERE f.channel_id = c.id AND f.status = 'following')`.as(
        "valid_friends",
      ),
      sql<number>`(SELECT count(*)::int FROM friends f WHERE f.channel_id = c.id AND f.status = 'blocked')`.as(
        "blocked_friends",
      ),
    ])
    .orderBy("c.created_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    lineChannelId: row.line_channel_id,
    name: row.name,
    botUserId: row.bot_user_id,
    basicId: row.basic_id,
    pictureUrl: row.picture_url,
    validFriends: row.valid_friends,
    blockedFriends: row.blocked_friends,
  }));
}
