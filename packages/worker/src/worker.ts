import { randomUUID } from "node:crypto";
import type { SecretBox } from "@kizuna/core";
import {
  beat,
  CAMPAIGN_NOTIFY_CHANNEL,
  type Database,
  forgetWorker,
  linkingKey,
  WEBHOOK_NOTIFY_CHANNEL,
} from "@kizuna/db";
import type { Logger } from "pino";
import { startDelivery } from "./delivery/delivery-loop.ts";
import { type DeliveryOptions, deliveryOptions } from "./delivery/options.ts";
import { workMemberImports } from "./imports/import-jobs.ts";
import { startJobQueue } from "./jobs/job-queue.ts";
import { linkingEventHandler } from "./linking/linking-events.ts";
import { scheduleLinkingJobs } from "./linking/linking-jobs.ts";
import { ensurePartitions, PARTITIONS_CRON, PARTITIONS_QUEUE } from "./maintenance/partitions.ts";
import { PURGE_CRON, PURGE_QUEUE, purgeExpired } from "./maintenance/purge.ts";
import {
  DEFAULT_OPENS_READ,
  OPENS_QUEUE,
  type OpensJobOptions,
  readCampaignOpens,
} from "./opens/read-opens.ts";
import { fetchDueProfiles } from "./profiles/fetch-profiles.ts";
import { richMenuTapHandler } from "./rich-menus/rich-menu-taps.ts";
import { lineClients } from "./runtime/line-clients.ts";
import { type Loop, startLoop } from "./runtime/loop.ts";
import { processWebhookEvents } from "./webhook-events/process-events.ts";

export interface WorkerDeps {
  database: Database;
  secretBox: SecretBox;
  log: Logger;
  /** Campaign delivery: lease length, rates (tests and benchmarks scale them) … */
  delivery?: Partial<DeliveryOptions>;
  /** Where friends' browsers reach Kizuna: linking replies carry URLs of its pages. */
  publicUrl?: string | undefined;
  /**
   * Reading campaign opens from LINE: every ten minutes within LINE's budget unless said
   * (`DEMO_OPENS_READ` on the embedded emulator), or false to leave it to another process
   * (tests run `readCampaignOpens` themselves).
   */
  opens?: OpensJobOptions | false;
  /** How long a channel's rich menus are trusted before LINE is asked again (a minute). */
  richMenuCacheMs?: number;
}

const HEARTBEAT_MS = 5_000;

export interface Worker {
  readonly id: string;
  stop(): Promise<void>;
}

/** Starts the background loops: webhook events, profiles, campaign delivery, heartbeat. */
export async function startWorker(deps: WorkerDeps): Promise<Worker> {
  const { db } = deps.database;
  const id = `worker-${randomUUID()}`;
  const startedAt = new Date();
  const log = deps.log.child({ workerId: id });
  const clients = lineClients(db, deps.secretBox);

  const linking = linkingEventHandler({
    db,
    clients,
    secretBox: deps.secretBox,
    publicUrl: deps.publicUrl,
    log,
  });
  const richMenuTaps = richMenuTapHandler({
    db,
    clients,
    log,
    menusTtlMs: deps.richMenuCacheMs,
  });
  const profiles = startLoop("profiles", () => fetchDueProfiles(db, clients), 1_000, log);
  const events = startLoop(
    "webhook-events",
    async () => {
      const busy = await processWebhookEvents(db, [linking, richMenuTaps]);
      if (busy) profiles.wake();
      return busy;
    },
    1_000,
    log,
  );
  const delivery = startDelivery({
    db,
    clients,
    log,
    holder: id,
    options: deliveryOptions(deps.delivery),
    linkingKey: await linkingKey(db, deps.secretBox),
  });
  const heartbeat = startLoop(
    "heartbeat",
    async () => {
      await beat(db, id, startedAt);
      return false;
    },
    HEARTBEAT_MS,
    log,
  );
  const loops: Loop[] = [events, profiles, heartbeat];
  // A stored webhook event wakes event processing at once, in whichever process stored it.
  const unlisten = [
    await deps.database.listen(WEBHOOK_NOTIFY_CHANNEL, () => events.wake()),
    // A campaign queued by any server starts without waiting for the next poll.
    await deps.database.listen(CAMPAIGN_NOTIFY_CHANNEL, () => delivery.wake()),
  ];
  const jobs = await startJobQueue(deps.database, log);
  await jobs.createQueue(PURGE_QUEUE);
  await jobs.schedule(PURGE_QUEUE, PURGE_CRON);
  await jobs.work(PURGE_QUEUE, async () => {
    const purged = await purgeExpired(db);
    log.info(purged, "purged expired sessions and old webhook events");
  });
  await jobs.createQueue(PARTITIONS_QUEUE);
  await jobs.schedule(PARTITIONS_QUEUE, PARTITIONS_CRON);
  await jobs.work(PARTITIONS_QUEUE, () => ensurePartitions(db));
  const opens = deps.opens ?? DEFAULT_OPENS_READ;
  if (opens) {
    const readOpens = async () => {
      const summary = await readCampaignOpens({ db, clients, log }, opens);
      if (summary.read + summary.failed > 0) log.info(summary, "campaign opens read");
    };
    await jobs.createQueue(OPENS_QUEUE);
    if ("cron" in opens.every) {
      await jobs.schedule(OPENS_QUEUE, opens.every.cron);
      await jobs.work(OPENS_QUEUE, readOpens);
    } else {
      // An earlier start's cron would queue jobs no one works; the timer reads instead.
      await jobs.unschedule(OPENS_QUEUE);
      loops.push(
        startLoop(
          "campaign-opens",
          async () => {
            await readOpens();
            return false;
          },
          opens.every.ms,
          log,
        ),
      );
    }
  }
  await scheduleLinkingJobs(jobs, db, log);
  await workMemberImports(jobs, db, log);
  log.info("worker started");

  return {
    id,
    async stop() {
      await Promise.all(unlisten.map((stop) => stop()));
      await jobs.stop({ graceful: true, timeout: 10_000 });
      await Promise.all([...loops.map((loop) => loop.stop()), delivery.stop()]);
      await forgetWorker(db, id).catch(() => {});
      log.info("worker stopped");
    },
  };
}
