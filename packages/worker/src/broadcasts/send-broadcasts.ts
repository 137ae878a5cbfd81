import { MULTICAST_MAX_RECIPIENTS } from "@kizuna/core";
import {
  type ClaimedBatch,
  claimExpiredBatch,
  claimNewBatch,
  type DB,
  finishCompletedBroadcasts,
  notifyBroadcast,
  postponeBatch,
  settleBatch,
  startNextBroadcast,
} from "@kizuna/db";
import type { messagingApi } from "@kizuna/line";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";

export interface SenderOptions {
  /** How long a sender owns a batch before another may resend it. */
  leaseMs: number;
  /** Attempts before a batch that keeps failing with 429/5xx is given up. */
  maxAttempts: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = { leaseMs: 30_000, maxAttempts: 8 };

/**
 * One step of the delivery pipeline: snapshot a queued broadcast, or send one batch
 * (a resend of an abandoned one first). Returns whether there was anything to do.
 */
export async function sendBroadcastStep(
  db: Kysely<DB>,
  clients: LineClients,
  log: Logger,
  options: SenderOptions = DEFAULT_SENDER_OPTIONS,
): Promise<boolean> {
  const started = await startNextBroadcast(db);
  if (started) {
    log.info({ broadcastId: started.id }, "broadcast audience snapshotted");
    await notifyBroadcast(db, started.channelId);
    await finishAndNotify(db);
    return true;
  }
  const batch =
    (await claimExpiredBatch(db, options.leaseMs)) ??
    (await claimNewBatch(db, MULTICAST_MAX_RECIPIENTS, options.leaseMs));
  if (!batch) {
    return (await finishAndNotify(db)) > 0;
  }
  await sendBatch(db, clients, log, batch, options);
  await notifyBroadcast(db, batch.channelId);
  await finishAndNotify(db);
  return true;
}

async function sendBatch(
  db: Kysely<DB>,
  clients: LineClients,
  log: Logger,
  batch: ClaimedBatch,
  options: SenderOptions,
): Promise<void> {
  const line = await clients(batch.channelId);
  const result = await line.multicast(
    batch.lineUserIds,
    batch.messages as messagingApi.Message[],
    batch.retryKey,
  );
  if (result.ok) {
    await settleBatch(db, batch.batchId, { status: "sent", requestId: result.requestId });
    return;
  }
  const context = { batchId: batch.batchId, status: result.status, attempts: batch.attempts };
  if (result.retryable && batch.attempts < options.maxAttempts) {
    // Exponential backoff: 1 s, 2 s, 4 s … capped at a minute.
    const delayMs = Math.min(60_000, 1000 * 2 ** (batch.attempts - 1));
    log.warn(
      { ...context, delayMs },
      "multicast refused for now; will resend with the same retry key",
    );
    await postponeBatch(db, batch.batchId, delayMs, result.message);
    return;
  }
  log.error(context, "multicast failed");
  await settleBatch(db, batch.batchId, {
    status: "failed",
    reason: `${result.status} ${result.message}`,
  });
}

async function finishAndNotify(db: Kysely<DB>): Promise<number> {
  const channels = await finishCompletedBroadcasts(db);
  for (const channelId of new Set(channels)) await notifyBroadcast(db, channelId);
  return channels.length;
}
