import { aggregationUnitOf, perUnitPeriod } from "@kizuna/core";
import {
  channelsWithOpensDue,
  claimOpenReads,
  type DB,
  notifyCampaigns,
  recordOpens,
  recordOpensFailure,
} from "@kizuna/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";

// Opens of campaigns from LINE's per-unit statistics (docs/decisions/014-campaign-opens.md).

export const OPENS_QUEUE = "campaigns.opens";
/** Every ten minutes; each run asks LINE at most `budgetPerChannel` times per channel. */
export const OPENS_CRON = "*/10 * * * *";

export interface OpensReadOptions {
  /** Per-unit reads one run may make for a channel. */
  budgetPerChannel: number;
  /**
   * No channel is claimed for again within this many minutes of its last claim, however many
   * workers or runs: with 5 reads a run, at most 7 runs and 35 requests an hour, well inside
   * LINE's 60 insight requests an hour per channel.
   */
  spacingMinutes: number;
  /** A unit is asked again no sooner than this; 30 (OPENS_READ_EVERY_MINUTES) unless said. */
  unitEveryMinutes?: number;
}

/** The opens job as the worker runs it: the reads' budget, and how often it runs. */
export interface OpensJobOptions extends OpensReadOptions {
  /**
   * pg-boss's cron, shared by every worker (LINE), or a timer in this process every `ms`
   * (the demo: cron cannot go below a minute).
   */
  every: { cron: string } | { ms: number };
}

export const DEFAULT_OPENS_READ: OpensJobOptions = {
  budgetPerChannel: 5,
  spacingMinutes: 9,
  every: { cron: OPENS_CRON },
};

/**
 * `kizuna start` on its embedded emulator: a marketer trying Kizuna sees a friend's read on
 * the campaign within a minute or two instead of 10–40. One read a minute per channel is
 * still LINE's 60 an hour, which the emulator enforces as LINE does; a unit is read again
 * after a minute, the channel's units in turn.
 */
export const DEMO_OPENS_READ: OpensJobOptions = {
  budgetPerChannel: 1,
  spacingMinutes: 1,
  unitEveryMinutes: 1,
  every: { ms: 30_000 },
};

export interface OpensReadDeps {
  db: Kysely<DB>;
  clients: LineClients;
  log: Logger;
}

export interface OpensReadSummary {
  /** Units whose figures LINE gave. */
  read: number;
  /** Units LINE did not answer for. */
  failed: number;
  /** Channels given up on in this run (a refused token, LINE unreachable …). */
  failedChannels: number;
}

/**
 * Reads due units channel by channel: each channel's claim is its budget, and a failure of
 * one channel (its token refused, a 429, LINE unreachable) ends that channel's run only.
 */
export async function readCampaignOpens(
  deps: OpensReadDeps,
  options: OpensReadOptions = DEFAULT_OPENS_READ,
): Promise<OpensReadSummary> {
  const summary: OpensReadSummary = { read: 0, failed: 0, failedChannels: 0 };
  for (const channelId of await channelsWithOpensDue(deps.db, options)) {
    const log = deps.log.child({ channelId });
    try {
      const result = await readChannel(deps, channelId, options, log);
      summary.read += result.read;
      summary.failed += result.failed;
      if (result.stopped) summary.failedChannels++;
    } catch (error) {
      summary.failedChannels++;
      log.error({ err: error }, "could not read the channel's campaign opens");
    }
  }
  return summary;
}

async function readChannel(
  deps: OpensReadDeps,
  channelId: string,
  options: OpensReadOptions,
  log: Logger,
): Promise<{ read: number; failed: number; stopped: boolean }> {
  const units = await claimOpenReads(deps.db, channelId, {
    budget: options.budgetPerChannel,
    spacingMinutes: options.spacingMinutes,
    ...(options.unitEveryMinutes === undefined
      ? {}
      : { unitEveryMinutes: options.unitEveryMinutes }),
  });
  if (units.length === 0) return { read: 0, failed: 0, stopped: false };
  const line = await deps.clients(channelId);
  let read = 0;
  let failed = 0;
  for (const unit of units) {
    const name = aggregationUnitOf(unit.campaignId, unit.variant);
    const { from, to } = perUnitPeriod(unit.startedAt, new Date());
    const result = await line.getStatisticsPerUnit(name, from, to);
    if (result.ok) {
      await recordOpens(deps.db, unit, result.statistics);
      read++;
      continue;
    }
    failed++;
    await recordOpensFailure(deps.db, unit, `${result.status}: ${result.message}`);
    log.warn(
      { campaignId: unit.campaignId, variant: unit.variant, status: result.status },
      "LINE did not give a unit's statistics",
    );
    // Only a refused request for this unit leaves the others worth asking now; the rest
    // (429, a refused token, 5xx, no answer) would fail alike. Claimed units wait their turn.
    if (result.status !== 400 && result.status !== 404) {
      await notifyRead(deps, channelId, read);
      return { read, failed, stopped: true };
    }
  }
  log.info({ read, failed }, "campaign opens read from LINE");
  await notifyRead(deps, channelId, read);
  return { read, failed, stopped: false };
}

/** Open admin pages of the channel refetch its campaigns: new opens show without a reload. */
async function notifyRead(deps: OpensReadDeps, channelId: string, read: number): Promise<void> {
  if (read > 0) await notifyCampaigns(deps.db, channelId);
}
