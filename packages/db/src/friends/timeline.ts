import type { TimelineKind } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { Actor } from "../audit/audit-log.ts";
import type { DB } from "../schema.ts";

export interface TimelineEntry {
  channelId: string;
  friendId: string;
  kind: TimelineKind;
  /** `friend`, `system`, `api_key:<id>` or `staff:<id>`. */
  actor: Actor;
  /** Defaults to now. */
  occurredAt?: Date;
  /** What a reader of the timeline needs: ids, names of tags, the message text. */
  detail?: Record<string, unknown>;
}

/**
 * Appends to friends' timelines in one statement; pass the transaction that made the
 * change, so that the timeline never tells of something that was rolled back.
 */
export async function recordTimeline(
  db: Kysely<DB>,
  entries: readonly TimelineEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const now = new Date();
  await db
    .insertInto("friend_timeline")
    .values(
      entries.map((entry) => ({
        channel_id: entry.channelId,
        friend_id: entry.friendId,
        occurred_at: entry.occurredAt ?? now,
        kind: entry.kind,
        actor: entry.actor,
        detail: JSON.stringify(entry.detail ?? {}),
      })),
    )
    .execute();
}

export interface TimelineItem {
  id: string;
  kind: TimelineKind;
  actor: string;
  occurredAt: Date;
  detail: Record<string, unknown>;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

export interface TimelineQuery {
  friendId: string;
  kinds?: readonly TimelineKind[] | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * A friend's timeline, newest first, a page at a time. The key (friend, time, id) is the
 * table's primary key, so each page is an index range in each monthly partition.
 */
export async function listTimeline(
  db: Kysely<DB>,
  query: TimelineQuery,
): Promise<TimelinePage | null> {
  const after = query.cursor === undefined ? undefined : decodeTimelineCursor(query.cursor);
  if (after === null) return null;
  let select = db
    .selectFrom("friend_timeline")
    .select(["id", "kind", "actor", "occurred_at", "detail"])
    // Microseconds, which a JavaScript Date would round away, so that the cursor is exact.
    .select(sql<string>`(extract(epoch from occurred_at) * 1000000)::bigint`.as("occurred_us"))
    .where("friend_id", "=", query.friendId);
  if (query.kinds?.length) select = select.where("kind", "in", query.kinds);
  if (after)
    select = select.where(
      sql<boolean>`(occurred_at, id) < (timestamptz 'epoch' + ${after.occurredUs}::bigint * interval '1 microsecond', ${after.id}::bigint)`,
    );
  const rows = await select
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind as TimelineKind,
      actor: row.actor,
      occurredAt: row.occurred_at,
      detail: row.detail,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.occurred_us}:${last.id}`).toString("base64url")
        : null,
  };
}

function decodeTimelineCursor(text: string): { occurredUs: string; id: string } | null {
  const match = /^(-?\d{1,18}):(\d{1,19})$/.exec(Buffer.from(text, "base64url").toString());
  return match ? { occurredUs: match[1]!, id: match[2]! } : null;
}
