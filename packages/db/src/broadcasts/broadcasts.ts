import { type Kysely, sql } from "kysely";
import type { Broadcast, BroadcastStatus, DB } from "../schema.ts";

/** Progress changes are announced on this channel (payload: channel id). */
export const BROADCAST_NOTIFY_CHANNEL = "kizuna_broadcasts";

export interface BroadcastView {
  id: string;
  channelId: string;
  messages: unknown[];
  status: BroadcastStatus;
  recipients: number;
  sent: number;
  failed: number;
  skipped: number;
  createdAt: Date;
  finishedAt: Date | null;
}

function view(row: Broadcast): BroadcastView {
  return {
    id: row.id,
    channelId: row.channel_id,
    messages: row.messages,
    status: row.status,
    recipients: row.recipients,
    sent: row.sent,
    failed: row.failed,
    skipped: row.skipped,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export async function createBroadcast(
  db: Kysely<DB>,
  input: { channelId: string; messages: unknown[]; createdBy: string | null },
): Promise<BroadcastView> {
  const row = await db
    .insertInto("broadcasts")
    .values({
      channel_id: input.channelId,
      messages: JSON.stringify(input.messages),
      status: "queued",
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await notifyBroadcast(db, input.channelId);
  return view(row);
}

export async function listBroadcasts(
  db: Kysely<DB>,
  channelId: string,
  limit = 20,
): Promise<BroadcastView[]> {
  const rows = await db
    .selectFrom("broadcasts")
    .selectAll()
    .where("channel_id", "=", channelId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(view);
}

export async function notifyBroadcast(db: Kysely<DB>, channelId: string): Promise<void> {
  await sql`SELECT pg_notify(${BROADCAST_NOTIFY_CHANNEL}, ${channelId})`.execute(db);
}
