import { type Kysely, sql } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";
import { recordTimeline } from "./timeline.ts";

export interface Tag {
  id: string;
  name: string;
  color: string | null;
  createdAt: Date;
}

export interface TagWithCount extends Tag {
  friendCount: number;
}

/** A channel's tags by name. */
export async function listTags(db: Kysely<DB>, channelId: string): Promise<Tag[]> {
  const rows = await db
    .selectFrom("tags")
    .select(["id", "name", "color", "created_at"])
    .where("channel_id", "=", channelId)
    .orderBy("name")
    .execute();
  return rows.map(tagOf);
}

/**
 * A channel's tags with the number of friends who carry each: an index-only count per
 * tag, which at a million friends takes a while, so only the settings page asks for it.
 */
export async function listTagsWithCounts(
  db: Kysely<DB>,
  channelId: string,
): Promise<TagWithCount[]> {
  const rows = await db
    .selectFrom("tags")
    .select(["id", "name", "color", "created_at"])
    .select((eb) =>
      eb
        .selectFrom("friend_tags")
        .select((count) => count.fn.countAll<string>().as("n"))
        .whereRef("friend_tags.tag_id", "=", "tags.id")
        .as("friend_count"),
    )
    .where("channel_id", "=", channelId)
    .orderBy("name")
    .execute();
  return rows.map((row) => ({ ...tagOf(row), friendCount: Number(row.friend_count ?? 0) }));
}

export type TagChange =
  | { ok: true; tag: Tag }
  | { ok: false; code: "tag_not_found" | "tag_name_taken" };

export async function createTag(
  db: Kysely<DB>,
  input: { channelId: string; name: string; color: string | null; actor: Actor },
): Promise<TagChange> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("tags")
      .values({ channel_id: input.channelId, name: input.name, color: input.color })
      .onConflict((conflict) => conflict.columns(["channel_id", "name"]).doNothing())
      .returning(["id", "name", "color", "created_at"])
      .executeTakeFirst();
    if (!row) return { ok: false, code: "tag_name_taken" } as const;
    await recordAudit(trx, {
      actor: input.actor,
      action: "tag.created",
      targetType: "tag",
      targetId: row.id,
    });
    return { ok: true, tag: tagOf(row) } as const;
  });
}

export async function updateTag(
  db: Kysely<DB>,
  input: {
    channelId: string;
    tagId: string;
    name?: string | undefined;
    color?: string | null | undefined;
    actor: Actor;
  },
): Promise<TagChange> {
  return db.transaction().execute(async (trx) => {
    const taken =
      input.name !== undefined &&
      (await trx
        .selectFrom("tags")
        .select("id")
        .where("channel_id", "=", input.channelId)
        .where("name", "=", input.name)
        .where("id", "!=", input.tagId)
        .executeTakeFirst());
    if (taken) return { ok: false, code: "tag_name_taken" } as const;
    const row = await trx
      .updateTable("tags")
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.color === undefined ? {} : { color: input.color }),
      })
      .where("id", "=", input.tagId)
      .where("channel_id", "=", input.channelId)
      .returning(["id", "name", "color", "created_at"])
      .executeTakeFirst();
    if (!row) return { ok: false, code: "tag_not_found" } as const;
    await recordAudit(trx, {
      actor: input.actor,
      action: "tag.updated",
      targetType: "tag",
      targetId: row.id,
    });
    return { ok: true, tag: tagOf(row) } as const;
  });
}

/**
 * Deletes a tag and, by cascade, its place on every friend. The friends' timelines are
 * left as they were: the tag was removed from the channel, not from each friend by hand.
 */
export async function deleteTag(
  db: Kysely<DB>,
  input: { channelId: string; tagId: string; actor: Actor },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom("tags")
      .where("id", "=", input.tagId)
      .where("channel_id", "=", input.channelId)
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, {
      actor: input.actor,
      action: "tag.deleted",
      targetType: "tag",
      targetId: row.id,
    });
    return true;
  });
}

/** The tags among `tagIds` that do not belong to the channel. */
export async function unknownTagIds(
  db: Kysely<DB>,
  channelId: string,
  tagIds: readonly string[],
): Promise<string[]> {
  if (tagIds.length === 0) return [];
  const known = await db
    .selectFrom("tags")
    .select("id")
    .where("channel_id", "=", channelId)
    .where("id", "in", tagIds)
    .execute();
  const ids = new Set(known.map((tag) => tag.id));
  return tagIds.filter((id) => !ids.has(id));
}

export interface FriendTagChange {
  channelId: string;
  friendId: string;
  /** Tags of the friend's channel (check with unknownTagIds first). */
  tagIds: readonly string[];
  actor: Actor;
}

/**
 * Tags one friend, in the caller's transaction; tags the friend already has are left as
 * they are. Returns the ids of the tags added, each also written to the timeline.
 */
export async function addFriendTags(db: Kysely<DB>, change: FriendTagChange): Promise<string[]> {
  if (change.tagIds.length === 0) return [];
  const added = await db
    .insertInto("friend_tags")
    .columns(["friend_id", "tag_id"])
    .expression((eb) =>
      eb
        .selectFrom("tags")
        .select([sql<string>`${change.friendId}::bigint`.as("friend_id"), "id"])
        .where("channel_id", "=", change.channelId)
        .where("id", "in", change.tagIds),
    )
    .onConflict((conflict) => conflict.columns(["friend_id", "tag_id"]).doNothing())
    .returning("tag_id")
    .execute();
  await recordTagTimeline(
    db,
    change,
    "tag_added",
    added.map((row) => row.tag_id),
  );
  return added.map((row) => row.tag_id);
}

/** Removes tags from one friend; returns the ids of those it had, each written to the timeline. */
export async function removeFriendTags(db: Kysely<DB>, change: FriendTagChange): Promise<string[]> {
  if (change.tagIds.length === 0) return [];
  const removed = await db
    .deleteFrom("friend_tags")
    .where("friend_id", "=", change.friendId)
    .where("tag_id", "in", change.tagIds)
    .returning("tag_id")
    .execute();
  await recordTagTimeline(
    db,
    change,
    "tag_removed",
    removed.map((row) => row.tag_id),
  );
  return removed.map((row) => row.tag_id);
}

async function recordTagTimeline(
  db: Kysely<DB>,
  change: FriendTagChange,
  kind: "tag_added" | "tag_removed",
  tagIds: string[],
): Promise<void> {
  if (tagIds.length === 0) return;
  const tags = await db
    .selectFrom("tags")
    .select(["id", "name"])
    .where("id", "in", tagIds)
    .execute();
  await recordTimeline(
    db,
    tags.map((tag) => ({
      channelId: change.channelId,
      friendId: change.friendId,
      kind,
      actor: change.actor,
      detail: { tagId: tag.id, tagName: tag.name },
    })),
  );
}

function tagOf(row: { id: string; name: string; color: string | null; created_at: Date }): Tag {
  return { id: row.id, name: row.name, color: row.color, createdAt: row.created_at };
}
