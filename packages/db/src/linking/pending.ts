import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";
import { linkFriendToMember } from "./links.ts";

/** How long a link made by LINE Login waits for its user to add the friend. */
export const PENDING_LINK_TTL_MS = 30 * 24 * 60 * 60_000;

/**
 * Keeps the link a LINE Login proved for a visitor who is not a friend (they declined the
 * add-friend option): made when that LINE user follows. A newer sign-in replaces it.
 */
export async function savePendingLink(
  db: Kysely<DB>,
  pending: { channelId: string; lineUserId: string; memberId: string; now?: Date },
): Promise<void> {
  const now = pending.now ?? new Date();
  const values = {
    channel_id: pending.channelId,
    line_user_id: pending.lineUserId,
    member_id: pending.memberId,
    created_at: now,
    expires_at: new Date(now.getTime() + PENDING_LINK_TTL_MS),
  };
  await db
    .insertInto("pending_member_links")
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(["channel_id", "line_user_id"]).doUpdateSet({
        member_id: values.member_id,
        expires_at: values.expires_at,
      }),
    )
    .execute();
}

export interface AppliedPendingLink {
  channelId: string;
  friendId: string;
  memberId: string;
}

/**
 * In a webhook batch's transaction, after its follows made or refollowed the friends: links
 * each followed user whose LINE Login left a link waiting, and forgets the waiting links of
 * those users (expired ones link nothing). One set-based statement finds them; links are few.
 */
export async function applyPendingLinks(
  trx: Transaction<DB>,
  follows: readonly { channelId: string; lineUserId: string }[],
  now: Date = new Date(),
): Promise<AppliedPendingLink[]> {
  if (follows.length === 0) return [];
  const { rows } = await sql<{
    channel_id: string;
    member_id: string;
    friend_id: string | null;
    live: boolean;
  }>`
    WITH taken AS (
      DELETE FROM pending_member_links p
      USING unnest(${follows.map((f) => f.channelId)}::uuid[],
                   ${follows.map((f) => f.lineUserId)}::text[]) AS x(channel_id, line_user_id)
      WHERE p.channel_id = x.channel_id AND p.line_user_id = x.line_user_id
      RETURNING p.channel_id, p.line_user_id, p.member_id, p.expires_at > ${now} AS live
    )
    SELECT t.channel_id, t.member_id, t.live, f.id AS friend_id
    FROM taken t
    LEFT JOIN friends f ON f.channel_id = t.channel_id AND f.line_user_id = t.line_user_id`.execute(
    trx,
  );
  const applied: AppliedPendingLink[] = [];
  for (const row of rows) {
    if (!row.live || !row.friend_id) continue;
    const linked = await linkFriendToMember(trx, {
      channelId: row.channel_id,
      friendId: row.friend_id,
      memberId: row.member_id,
      method: "line_login",
      actor: "friend",
    });
    if (linked.ok)
      applied.push({ channelId: row.channel_id, friendId: row.friend_id, memberId: row.member_id });
  }
  return applied;
}
