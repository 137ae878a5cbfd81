import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";
import { recordTimeline } from "./timeline.ts";

export interface FriendNote {
  id: string;
  body: string;
  staffUserId: string | null;
  /** The author's e-mail, for the detail page; null once the staff account is gone. */
  staffEmail: string | null;
  createdAt: Date;
}

/** Adds a staff note to a friend, in the caller's transaction, and tells the timeline. */
export async function addFriendNote(
  db: Kysely<DB>,
  note: { channelId: string; friendId: string; staffUserId: string; body: string },
): Promise<FriendNote> {
  const row = await db
    .insertInto("friend_notes")
    .values({ friend_id: note.friendId, staff_user_id: note.staffUserId, body: note.body })
    .returning(["id", "body", "staff_user_id", "created_at"])
    .executeTakeFirstOrThrow();
  await recordTimeline(db, [
    {
      channelId: note.channelId,
      friendId: note.friendId,
      kind: "note_added",
      actor: `staff:${note.staffUserId}`,
      occurredAt: row.created_at,
      detail: { noteId: row.id, excerpt: note.body.slice(0, 100) },
    },
  ]);
  const staff = await db
    .selectFrom("staff_users")
    .select("email")
    .where("id", "=", note.staffUserId)
    .executeTakeFirst();
  return {
    id: row.id,
    body: row.body,
    staffUserId: row.staff_user_id,
    staffEmail: staff?.email ?? null,
    createdAt: row.created_at,
  };
}

/** A friend's notes, newest first. */
export async function listFriendNotes(
  db: Kysely<DB>,
  friendId: string,
  limit = 100,
): Promise<FriendNote[]> {
  const rows = await db
    .selectFrom("friend_notes as n")
    .leftJoin("staff_users as s", "s.id", "n.staff_user_id")
    .select(["n.id", "n.body", "n.staff_user_id", "s.email", "n.created_at"])
    .where("n.friend_id", "=", friendId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    staffUserId: row.staff_user_id,
    staffEmail: row.email,
    createdAt: row.created_at,
  }));
}
