import type { TimelineKind } from "@kizuna/core";
import { sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";

/** Something a LINE user did that touches their friend record and timeline. */
export type FriendEvent = { channelId: string; lineUserId: string; at: Date } & (
  | { kind: "follow"; isUnblocked: boolean | undefined }
  | { kind: "unfollow" }
  | { kind: "message"; message: Record<string, unknown> }
  | { kind: "postback"; data: string }
);

/**
 * Applies a batch of events, oldest first, to friends and their timelines in four
 * statements whatever the batch size: which users were known, their newest follow status,
 * friends for users who wrote without a follow Kizuna saw, and one timeline row per event.
 *
 * A status only overwrites one set by a newer event (`status_changed_at`), so batches
 * processed out of order never leave a wrong status; the timeline records every event at
 * the time LINE gives.
 */
export async function applyFriendEvents(
  trx: Transaction<DB>,
  events: readonly FriendEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const userKey = (event: { channelId: string; lineUserId: string }) =>
    `${event.channelId} ${event.lineUserId}`;
  const users = new Map<string, { channelId: string; lineUserId: string; firstAt: Date }>();
  for (const event of events) {
    const known = users.get(userKey(event));
    if (!known || event.at < known.firstAt)
      users.set(userKey(event), { ...pick(event), firstAt: event.at });
  }

  const existing = await sql<{ channel_id: string; line_user_id: string }>`
    SELECT f.channel_id, f.line_user_id
    FROM friends f
    JOIN jsonb_to_recordset(${json([...users.values()].map(pick))}::jsonb)
      AS u("channelId" uuid, "lineUserId" text)
      ON f.channel_id = u."channelId" AND f.line_user_id = u."lineUserId"`.execute(trx);
  const seen = new Set(
    existing.rows.map((row) =>
      userKey({ channelId: row.channel_id, lineUserId: row.line_user_id }),
    ),
  );

  // Each user's newest follow or unfollow decides the status; the timeline gets them all.
  const newestStatus = new Map<string, FriendEvent & { kind: "follow" | "unfollow" }>();
  const timeline: {
    channelId: string;
    lineUserId: string;
    at: string;
    kind: TimelineKind;
    detail: unknown;
  }[] = [];
  for (const event of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const key = userKey(event);
    const entry = { ...pick(event), at: event.at.toISOString() };
    switch (event.kind) {
      case "follow": {
        const returning = event.isUnblocked ?? seen.has(key);
        timeline.push({ ...entry, kind: returning ? "unblocked" : "followed", detail: {} });
        newestStatus.set(key, event);
        break;
      }
      case "unfollow":
        timeline.push({ ...entry, kind: "blocked", detail: {} });
        newestStatus.set(key, event);
        break;
      case "message":
        timeline.push({ ...entry, kind: "message_received", detail: event.message });
        break;
      case "postback":
        timeline.push({ ...entry, kind: "postback", detail: { data: event.data } });
        break;
      default:
        event satisfies never;
    }
    seen.add(key);
  }

  if (newestStatus.size > 0) {
    const rows = [...newestStatus.entries()].map(([key, event]) => ({
      ...pick(event),
      following: event.kind === "follow",
      at: event.at.toISOString(),
      firstAt: users.get(key)!.firstAt.toISOString(),
    }));
    await sql`
      INSERT INTO friends (channel_id, line_user_id, status, followed_at, blocked_at, status_changed_at)
      SELECT s."channelId", s."lineUserId",
             CASE WHEN s.following THEN 'following' ELSE 'blocked' END,
             s."firstAt", CASE WHEN s.following THEN NULL ELSE s.at END, s.at
      FROM jsonb_to_recordset(${json(rows)}::jsonb)
        AS s("channelId" uuid, "lineUserId" text, following boolean, at timestamptz, "firstAt" timestamptz)
      ON CONFLICT (channel_id, line_user_id) DO UPDATE
        SET status = excluded.status,
            blocked_at = excluded.blocked_at,
            -- A follow asks the worker to fetch the profile again.
            profile_fetched_at = CASE WHEN excluded.status = 'following' THEN NULL
                                      ELSE friends.profile_fetched_at END,
            status_changed_at = excluded.status_changed_at
        WHERE friends.status_changed_at < excluded.status_changed_at`.execute(trx);
  }

  // Someone who writes is a friend even if Kizuna missed their follow (they followed before
  // Kizuna was connected); the epoch lets any real follow or block overwrite the status.
  const writers = [...users.values()].filter((user) => !newestStatus.has(userKey(user)));
  if (writers.length > 0)
    await sql`
      INSERT INTO friends (channel_id, line_user_id, status, followed_at, status_changed_at)
      SELECT w."channelId", w."lineUserId", 'following', w."firstAt", 'epoch'
      FROM jsonb_to_recordset(${json(writers.map((w) => ({ ...pick(w), firstAt: w.firstAt.toISOString() })))}::jsonb)
        AS w("channelId" uuid, "lineUserId" text, "firstAt" timestamptz)
      ON CONFLICT (channel_id, line_user_id) DO NOTHING`.execute(trx);

  await sql`
    INSERT INTO friend_timeline (channel_id, friend_id, occurred_at, kind, actor, detail)
    SELECT f.channel_id, f.id, e.at, e.kind, 'friend', e.detail
    FROM jsonb_to_recordset(${json(timeline)}::jsonb)
      AS e("channelId" uuid, "lineUserId" text, at timestamptz, kind text, detail jsonb)
    JOIN friends f ON f.channel_id = e."channelId" AND f.line_user_id = e."lineUserId"`.execute(
    trx,
  );
}

function pick(user: { channelId: string; lineUserId: string }) {
  return { channelId: user.channelId, lineUserId: user.lineUserId };
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
