import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Takes the oldest queued broadcast and snapshots its audience, every friend following
 * now, in one set-based statement. Returns its channel, or null when none is queued.
 */
export async function startNextBroadcast(
  db: Kysely<DB>,
): Promise<{ id: string; channelId: string } | null> {
  return db.transaction().execute(async (trx) => {
    const broadcast = await trx
      .selectFrom("broadcasts")
      .select(["id", "channel_id"])
      .where("status", "=", "queued")
      .orderBy("created_at")
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!broadcast) return null;
    const snapshot = await sql`
      INSERT INTO deliveries (broadcast_id, friend_id, status)
      SELECT ${broadcast.id}, id, 'pending' FROM friends
      WHERE channel_id = ${broadcast.channel_id} AND status = 'following'`.execute(trx);
    await trx
      .updateTable("broadcasts")
      .set({
        status: "sending",
        recipients: Number(snapshot.numAffectedRows ?? 0),
        started_at: new Date(),
      })
      .where("id", "=", broadcast.id)
      .execute();
    return { id: broadcast.id, channelId: broadcast.channel_id };
  });
}

export interface ClaimedBatch {
  batchId: string;
  retryKey: string;
  broadcastId: string;
  channelId: string;
  messages: unknown[];
  lineUserIds: string[];
  attempts: number;
}

/**
 * Claims up to `size` pending recipients of the oldest sending broadcast as one batch.
 * Friends who blocked since the snapshot are skipped here. The batch, with its retry
 * key, is committed before anything is sent.
 */
export async function claimNewBatch(
  db: Kysely<DB>,
  size: number,
  leaseMs: number,
): Promise<ClaimedBatch | null> {
  return db.transaction().execute(async (trx) => {
    const broadcast = await trx
      .selectFrom("broadcasts as b")
      .select(["b.id", "b.channel_id", "b.messages"])
      .where("b.status", "=", "sending")
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("deliveries as d")
            .select("d.friend_id")
            .whereRef("d.broadcast_id", "=", "b.id")
            .where("d.status", "=", "pending"),
        ),
      )
      .orderBy("b.created_at")
      .limit(1)
      .executeTakeFirst();
    if (!broadcast) return null;

    const recipients = await trx
      .selectFrom("deliveries as d")
      .innerJoin("friends as f", "f.id", "d.friend_id")
      .select(["d.friend_id", "f.line_user_id", "f.status"])
      .where("d.broadcast_id", "=", broadcast.id)
      .where("d.status", "=", "pending")
      .orderBy("d.friend_id")
      .limit(size)
      .forUpdate("d")
      .skipLocked()
      .execute();
    const following = recipients.filter((r) => r.status === "following");
    const blocked = recipients.filter((r) => r.status !== "following");

    if (blocked.length > 0) {
      await trx
        .updateTable("deliveries")
        .set({ status: "skipped", reason: "blocked" })
        .where("broadcast_id", "=", broadcast.id)
        .where(
          "friend_id",
          "in",
          blocked.map((r) => r.friend_id),
        )
        .execute();
      await trx
        .updateTable("broadcasts")
        .set({ skipped: sql`skipped + ${blocked.length}` })
        .where("id", "=", broadcast.id)
        .execute();
    }
    if (following.length === 0) return null;

    const batch = await trx
      .insertInto("delivery_batches")
      .values({
        broadcast_id: broadcast.id,
        status: "sending",
        attempts: 1,
        lease_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`,
      })
      .returning(["id", "retry_key"])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("deliveries")
      .set({ status: "sending", batch_id: batch.id })
      .where("broadcast_id", "=", broadcast.id)
      .where(
        "friend_id",
        "in",
        following.map((r) => r.friend_id),
      )
      .execute();
    return {
      batchId: batch.id,
      retryKey: batch.retry_key,
      broadcastId: broadcast.id,
      channelId: broadcast.channel_id,
      messages: broadcast.messages,
      lineUserIds: following.map((r) => r.line_user_id),
      attempts: 1,
    };
  });
}

/**
 * Claims a batch whose sender's lease ran out (it crashed, or was told to back off).
 * It is resent exactly as it was, with the same retry key and recipients, so LINE
 * answers 409 if it had already accepted it.
 */
export async function claimExpiredBatch(
  db: Kysely<DB>,
  leaseMs: number,
): Promise<ClaimedBatch | null> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .updateTable("delivery_batches")
      .set({
        attempts: sql`attempts + 1`,
        lease_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`,
      })
      .where(
        "id",
        "=",
        trx
          .selectFrom("delivery_batches")
          .select("id")
          .where("status", "=", "sending")
          .where("lease_until", "<", sql<Date>`now()`)
          .orderBy("lease_until")
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning(["id", "retry_key", "broadcast_id", "attempts"])
      .executeTakeFirst();
    if (!batch) return null;
    const broadcast = await trx
      .selectFrom("broadcasts")
      .select(["channel_id", "messages"])
      .where("id", "=", batch.broadcast_id)
      .executeTakeFirstOrThrow();
    const recipients = await trx
      .selectFrom("deliveries as d")
      .innerJoin("friends as f", "f.id", "d.friend_id")
      .select("f.line_user_id")
      .where("d.batch_id", "=", batch.id)
      .orderBy("d.friend_id")
      .execute();
    return {
      batchId: batch.id,
      retryKey: batch.retry_key,
      broadcastId: batch.broadcast_id,
      channelId: broadcast.channel_id,
      messages: broadcast.messages,
      lineUserIds: recipients.map((r) => r.line_user_id),
      attempts: batch.attempts,
    };
  });
}

/** Records LINE's answer for a batch; a batch already settled by another sender is left alone. */
export async function settleBatch(
  db: Kysely<DB>,
  batchId: string,
  outcome: { status: "sent"; requestId: string | null } | { status: "failed"; reason: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = await trx
      .updateTable("delivery_batches")
      .set({
        status: outcome.status,
        request_id: outcome.status === "sent" ? outcome.requestId : null,
        error: outcome.status === "failed" ? outcome.reason.slice(0, 1000) : null,
        sent_at: outcome.status === "sent" ? new Date() : null,
      })
      .where("id", "=", batchId)
      .where("status", "=", "sending")
      .returning("broadcast_id")
      .executeTakeFirst();
    if (!batch) return;
    const updated = await trx
      .updateTable("deliveries")
      .set({
        status: outcome.status,
        reason: outcome.status === "failed" ? outcome.reason.slice(0, 200) : null,
      })
      .where("batch_id", "=", batchId)
      .executeTakeFirst();
    const count = Number(updated.numUpdatedRows);
    await trx
      .updateTable("broadcasts")
      .set(
        outcome.status === "sent"
          ? { sent: sql`sent + ${count}` }
          : { failed: sql`failed + ${count}` },
      )
      .where("id", "=", batch.broadcast_id)
      .execute();
  });
}

/** Leaves a batch for a later attempt (429, 5xx, network), after `delayMs`. */
export async function postponeBatch(
  db: Kysely<DB>,
  batchId: string,
  delayMs: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable("delivery_batches")
    .set({
      lease_until: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
      error: reason.slice(0, 1000),
    })
    .where("id", "=", batchId)
    .where("status", "=", "sending")
    .execute();
}

/** Marks broadcasts with no open recipient as done; returns their channels. */
export async function finishCompletedBroadcasts(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .updateTable("broadcasts as b")
    .set({ status: "done", finished_at: new Date() })
    .where("b.status", "=", "sending")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("deliveries as d")
            .select("d.friend_id")
            .whereRef("d.broadcast_id", "=", "b.id")
            .where("d.status", "in", ["pending", "sending"]),
        ),
      ),
    )
    .returning("b.channel_id")
    .execute();
  return rows.map((row) => row.channel_id);
}
