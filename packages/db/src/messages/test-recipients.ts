import type { Kysely } from "kysely";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";

// Friends a composer test send may reach: staff's own LINE accounts, marked one by one
// (migration 0007 says why a list of its own rather than a tag).

export interface TestRecipient {
  friendId: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  /** A test send reaches only those still following. */
  following: boolean;
  addedAt: Date;
}

/** A channel's test recipients, newest first. */
export async function listTestRecipients(
  db: Kysely<DB>,
  channelId: string,
): Promise<TestRecipient[]> {
  const rows = await db
    .selectFrom("message_test_recipients as t")
    .innerJoin("friends as f", "f.id", "t.friend_id")
    .select(["f.id", "f.line_user_id", "f.display_name", "f.picture_url", "f.status", "t.added_at"])
    .where("t.channel_id", "=", channelId)
    .orderBy("t.added_at", "desc")
    .orderBy("f.id")
    .execute();
  return rows.map((row) => ({
    friendId: row.id,
    lineUserId: row.line_user_id,
    displayName: row.display_name,
    pictureUrl: row.picture_url,
    following: row.status === "following",
    addedAt: row.added_at,
  }));
}

/** Marks a friend of the channel as a test recipient; false when there is no such friend. */
export async function addTestRecipient(
  db: Kysely<DB>,
  input: { channelId: string; friendId: string; staffId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const friend = await trx
      .selectFrom("friends")
      .select("id")
      .where("channel_id", "=", input.channelId)
      .where("id", "=", input.friendId)
      .executeTakeFirst();
    if (!friend) return false;
    const added = await trx
      .insertInto("message_test_recipients")
      .values({
        channel_id: input.channelId,
        friend_id: input.friendId,
        added_by: input.staffId,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) > 0) {
      await recordAudit(trx, {
        actor: `staff:${input.staffId}`,
        action: "friend.test_recipient_added",
        targetType: "friend",
        targetId: input.friendId,
        detail: { channelId: input.channelId },
      });
    }
    return true;
  });
}

/** Unmarks a test recipient; false when the friend was not one. */
export async function removeTestRecipient(
  db: Kysely<DB>,
  input: { channelId: string; friendId: string; actor: Actor },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("message_test_recipients")
      .where("channel_id", "=", input.channelId)
      .where("friend_id", "=", input.friendId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordAudit(trx, {
      actor: input.actor,
      action: "friend.test_recipient_removed",
      targetType: "friend",
      targetId: input.friendId,
      detail: { channelId: input.channelId },
    });
    return true;
  });
}
