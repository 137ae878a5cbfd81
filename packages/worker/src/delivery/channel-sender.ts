import {
  type CompiledMessages,
  compileMessages,
  type DeliverySettings,
  messageLoginLinks,
  type NextStep,
  nextStep,
  type QuietState,
  quietStateAt,
  renderMessages,
  type SendOutcome,
} from "@kizuna/core";
import {
  type BatchOutcome,
  type BatchSplit,
  type ClaimedBatch,
  type ClaimOptions,
  claimResends,
  claimWindow,
  type DB,
  failRemaining,
  fieldKeysOf,
  finishCampaigns,
  getDeliverySettings,
  holdCampaigns,
  nextDueCampaign,
  notifyCampaigns,
  postponeBatches,
  type RecipientPayload,
  recordCampaignReceipts,
  releaseSenderLease,
  renewSenderLease,
  type StoredVariant,
  sendingCampaign,
  settleBatches,
  skipRemaining,
  splitBatches,
  startCampaign,
} from "@kizuna/db";
import type { LineClient, messagingApi } from "@kizuna/line";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";
import type { DeliveryOptions } from "./options.ts";
import { createPacer, type Pacer } from "./pacer.ts";

export interface SenderContext {
  db: Kysely<DB>;
  clients: LineClients;
  log: Logger;
  /** This worker: the name on the channel's lease. */
  holder: string;
  options: DeliveryOptions;
  /** True once the worker is stopping: the sender finishes what is under way and returns. */
  stopping: () => boolean;
  /** Signs `{{login_url:…}}` links for linked friends; without it they get the plain page. */
  linkingKey?: Buffer | undefined;
}

const SETTINGS_TTL_MS = 5_000;
const NOTIFY_EVERY_MS = 200;
const IDLE_WAIT_MS = 50;
/** How often batches waiting out a 429 or left by a dead sender are looked for. */
const RESEND_CHECK_MS = 250;

interface PreparedCampaign {
  /** The campaign's messages; for an A/B split, variant A's. */
  compiled: CompiledMessages;
  render: ClaimOptions["render"];
  /** An A/B split's variants by index, each compiled with its renderer. */
  variants: { compiled: CompiledMessages; render: ClaimOptions["render"] }[] | undefined;
  /** Every variant's custom field keys. */
  fieldKeys: string[];
  personalised: boolean;
}

/** A campaign as the sender reads it. */
interface CampaignMessages {
  id: string;
  messages: unknown[];
  variants: StoredVariant[] | null;
}

/**
 * The channel's one sender, run while this worker holds the channel's lease (acquired by
 * the caller). It starts due campaigns (snapshot and quota guard), claims windows of
 * recipients into batches committed with their retry keys, sends them paced to LINE's
 * per-endpoint limits, writes the answers back in bulk, resends what a previous sender
 * left unsettled, and applies quiet hours. It returns when the channel has nothing left to
 * send, when the worker stops, or when another worker has taken the lease.
 */
export async function runChannelSender(ctx: SenderContext, channelId: string): Promise<void> {
  const { db, options } = ctx;
  const log = ctx.log.child({ channelId });
  const line = await ctx.clients(channelId);
  const pacers: Record<ClaimedBatch["kind"], Pacer> = {
    multicast: createPacer(options.rates.multicast),
    push: createPacer(options.rates.push),
  };
  const slots = createSlots(options.maxInFlight);
  /** Claimed in this run and not yet written back: never resent meanwhile. */
  const inFlight = new Map<string, ClaimedBatch>();
  const pendingOutcomes: BatchOutcome[] = [];
  const pendingRetries: { batchId: string; delayMs: number; error: string }[] = [];
  const pendingSplits: BatchSplit[] = [];
  const running = new Set<Promise<void>>();
  const prepared = new Map<string, PreparedCampaign>();
  const exhausted = new Set<string>();
  const quotaExhausted = new Set<string>();
  let lost = false;
  let lastRenewal = Date.now();
  let heldUntil: number | null | undefined;
  let settings: { value: DeliverySettings; at: number } | undefined;
  let lastNotify = 0;
  let wake: (() => void) | undefined;

  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wake = done;
    });

  const renewal = setInterval(() => {
    renewSenderLease(db, channelId, ctx.holder, options.leaseMs).then(
      (held) => {
        if (held) lastRenewal = Date.now();
        else {
          log.warn("another worker took the channel's sender lease; stopping");
          lost = true;
          nudge();
        }
      },
      (error: unknown) => {
        log.error({ err: error }, "could not renew the sender lease");
        if (Date.now() - lastRenewal > options.leaseMs) {
          lost = true;
          nudge();
        }
      },
    );
  }, options.leaseMs / 3);

  const notify = async (force = false) => {
    if (!force && Date.now() - lastNotify < NOTIFY_EVERY_MS) return;
    lastNotify = Date.now();
    await notifyCampaigns(db, channelId);
  };

  let flushing: Promise<void> | null = null;
  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      while (pendingOutcomes.length + pendingRetries.length + pendingSplits.length > 0) {
        const outcomes = pendingOutcomes.splice(0);
        const retries = pendingRetries.splice(0);
        const splits = pendingSplits.splice(0);
        try {
          await settleBatches(db, outcomes);
          await postponeBatches(db, retries);
          // Once committed, a split batch is due at once: the resend check sends the rest.
          await splitBatches(db, splits);
        } catch (error) {
          // Kept for the next flush; the batches stay claimed by this run meanwhile.
          pendingOutcomes.unshift(...outcomes);
          pendingRetries.unshift(...retries);
          pendingSplits.unshift(...splits);
          log.error({ err: error }, "could not record LINE's answers; will try again");
          break;
        }
        for (const { batchId } of [...outcomes, ...retries, ...splits]) inFlight.delete(batchId);
        await notify().catch(() => {});
      }
    })().finally(() => {
      flushing = null;
      nudge();
    });
    return flushing;
  };
  const flusher = setInterval(() => void flush(), options.settleEveryMs);

  const dispatch = (batch: ClaimedBatch) => {
    inFlight.set(batch.id, batch);
    const task = (async () => {
      await pacers[batch.kind].take();
      // Abandoned, not sent: it stays committed, and the next sender resends it.
      if (lost || ctx.stopping()) return;
      await slots.acquire();
      try {
        if (lost) return;
        const outcome = await send(line, batch);
        const attempt = { attempt: batch.attempts + 1, recipients: batch.to.length };
        record(batch, nextStep(outcome, attempt, options.retry), outcome);
      } finally {
        slots.release();
      }
    })()
      .catch((error: unknown) => log.error({ err: error, batchId: batch.id }, "send failed"))
      .finally(() => {
        running.delete(task);
      });
    running.add(task);
  };

  const record = (batch: ClaimedBatch, step: NextStep, outcome: SendOutcome) => {
    switch (step.action) {
      case "accept":
        pendingOutcomes.push({ batchId: batch.id, status: "accepted", requestId: step.requestId });
        break;
      case "retry":
        if (!outcome.ok && outcome.status === 429) {
          pacers[batch.kind].pause(Math.min(step.delayMs, 1_000));
        }
        log.warn(
          {
            batchId: batch.id,
            attempt: batch.attempts + 1,
            delayMs: step.delayMs,
            kind: batch.kind,
          },
          "LINE refused for now; will resend with the same retry key",
        );
        pendingRetries.push({ batchId: batch.id, delayMs: step.delayMs, error: step.detail });
        break;
      case "split":
        log.warn(
          { batchId: batch.id, refused: step.refused.length, recipients: batch.to.length },
          "LINE refused some recipients by name; the rest go again under a new retry key",
        );
        pendingSplits.push({
          batchId: batch.id,
          retryKey: batch.retryKey,
          refused: step.refused.map((r) => ({ lineUserId: batch.to[r.index]!, detail: r.detail })),
          detail: step.detail,
        });
        break;
      case "fail":
        if (step.reason === "quota_exhausted") quotaExhausted.add(batch.campaignId);
        log.warn(
          { batchId: batch.id, reason: step.reason, recipients: batch.to.length },
          "LINE did not take a batch",
        );
        pendingOutcomes.push({
          batchId: batch.id,
          status: "failed",
          reason: step.reason,
          error: step.detail,
        });
        break;
      default: {
        const unknown: never = step;
        throw new Error(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  };

  /** Seconds of sending claimed and waiting for the pacers. */
  const buffered = () =>
    pacers.multicast.waiting / options.rates.multicast + pacers.push.waiting / options.rates.push;

  const currentSettings = async (): Promise<DeliverySettings> => {
    if (!settings || Date.now() - settings.at > SETTINGS_TTL_MS) {
      settings = { value: await getDeliverySettings(db, channelId), at: Date.now() };
    }
    return settings.value;
  };

  const setHeld = async (until: Date | null) => {
    const value = until?.getTime() ?? null;
    if (heldUntil === value) return;
    heldUntil = value;
    await holdCampaigns(db, channelId, until);
    await notify(true);
  };

  const prepare = ({ id: campaignId, messages, variants }: CampaignMessages): PreparedCampaign => {
    let campaign = prepared.get(campaignId);
    if (!campaign) {
      const sets = (variants?.map((variant) => variant.messages) ?? [messages]).map((set) => {
        const compiled = compileMessages(set as Parameters<typeof compileMessages>[0]);
        // The API refuses broken templates, so this is a bug, not a user error.
        if (!compiled.ok) throw new Error(`campaign ${campaignId}: ${compiled.error.message}`);
        const personalised = compiled.compiled.variables.length > 0;
        return {
          compiled: compiled.compiled,
          render: personalised ? renderer(compiled.compiled, ctx.linkingKey) : undefined,
        };
      });
      campaign = {
        compiled: sets[0]!.compiled,
        render: variants ? undefined : sets[0]!.render,
        variants: variants ? sets : undefined,
        fieldKeys: [...new Set(sets.flatMap((set) => fieldKeysOf(set.compiled.variables)))],
        personalised: sets.some((set) => set.render !== undefined),
      };
      prepared.set(campaignId, campaign);
    }
    return campaign;
  };

  const start = async (due: CampaignMessages, current: DeliverySettings) => {
    const { compiled, variants } = prepare(due);
    let lineQuota = null;
    try {
      lineQuota = await line.getMessageQuota();
    } catch (error) {
      log.warn({ err: error }, "could not read LINE's message quota; guarding with Kizuna's count");
    }
    // LINE's count of this month's unit names: past the limit, this campaign's opens will not
    // be counted (decision 014). Unanswered, the campaign goes on and nothing is recorded.
    let aggregationUnitsUsed: number | null = null;
    try {
      aggregationUnitsUsed = await line.getAggregationUnitsUsed();
    } catch (error) {
      log.warn({ err: error }, "could not read LINE's aggregation units used this month");
    }
    const result = await startCampaign(db, {
      campaignId: due.id,
      compiled,
      variants: variants?.map((variant) => variant.compiled),
      frequencyCap: current.frequencyCap,
      lineQuota,
      aggregationUnitsUsed,
      aggregationUnitLimit: options.aggregationUnitLimit,
      monthlyLimit: current.monthlyLimit,
      timeZone: current.timeZone,
    });
    if (result.started) {
      log.info(
        { campaignId: due.id, recipients: result.recipients, capped: result.capped },
        "campaign audience snapshotted",
      );
    } else if (result.reason === "quota_exceeded") {
      log.warn({ campaignId: due.id, ...result.check }, "campaign refused by the quota guard");
    } else if (result.reason === "audience_unavailable") {
      // Problem paths and codes only: they name ids, never a friend.
      log.warn(
        { campaignId: due.id, problems: result.problems.map((p) => `${p.path}: ${p.code}`) },
        "campaign failed: its audience could not be evaluated",
      );
    }
    await notify(true);
  };

  /** Each friend a finished campaign reached, in their timeline (segments read it). */
  const writeReceipts = async () => {
    const written = await recordCampaignReceipts(db, channelId);
    if (written > 0) log.info({ entries: written }, "campaign receipts written to timelines");
  };

  let lastResendCheck = 0;
  let campaign: CampaignMessages | null = null;
  let campaignReadAt = 0;
  try {
    // A sender that died between a campaign's end and its receipts left them to us.
    await writeReceipts();
    while (!lost && !ctx.stopping()) {
      // While enough is claimed, the pacers work through it: nothing to ask the database.
      if (buffered() >= options.bufferSeconds) {
        await idle(IDLE_WAIT_MS);
        continue;
      }
      let worked = false;
      if (Date.now() - lastResendCheck >= RESEND_CHECK_MS) {
        lastResendCheck = Date.now();
        const resends = await claimResends(db, channelId, {
          exclude: [...inFlight.keys()],
          limit: 500,
        });
        for (const batch of resends) dispatch(batch);
        if (resends.length > 0) {
          log.info({ batches: resends.length }, "resending batches left unsettled");
          worked = true;
        }
      }
      const current = await currentSettings();
      const quiet: QuietState = current.quietHours
        ? quietStateAt(current.quietHours, current.timeZone, new Date())
        : { quiet: false };
      const holding = quiet.quiet && current.quietHours?.mode === "hold";
      await setHeld(holding && quiet.quiet ? quiet.endsAt : null);

      if (!campaign || exhausted.has(campaign.id) || Date.now() - campaignReadAt > 1_000) {
        campaign = await sendingCampaign(db, channelId);
        campaignReadAt = Date.now();
      }
      if (campaign) {
        if (quotaExhausted.delete(campaign.id)) {
          const failed = await failRemaining(
            db,
            campaign.id,
            "quota_exhausted",
            "LINE's monthly message limit is used up",
          );
          log.warn({ campaignId: campaign.id, failed }, "monthly limit reached; campaign stopped");
          exhausted.add(campaign.id);
          worked = true;
        } else if (quiet.quiet && !holding && !exhausted.has(campaign.id)) {
          const skipped = await skipRemaining(db, campaign.id, "quiet_hours");
          log.info(
            { campaignId: campaign.id, skipped },
            "quiet hours: remaining recipients skipped",
          );
          exhausted.add(campaign.id);
          worked = true;
        } else if (!holding && !exhausted.has(campaign.id)) {
          const { render, variants, fieldKeys, personalised } = prepare(campaign);
          const claimStarted = performance.now();
          const claim = await claimWindow(db, {
            campaignId: campaign.id,
            windowSize: personalised ? options.personalisedWindowSize : options.windowSize,
            render,
            variants: variants?.map((variant) => variant.render),
            fieldKeys,
          });
          for (const batch of claim.batches) dispatch(batch);
          log.debug(
            {
              campaignId: campaign.id,
              batches: claim.batches.length,
              ms: Math.round(performance.now() - claimStarted),
              bufferedSeconds: Number(buffered().toFixed(2)),
              inFlight: inFlight.size,
            },
            "window claimed",
          );
          if (claim.exhausted) exhausted.add(campaign.id);
          worked = true;
        }
        if (exhausted.has(campaign.id) && inFlight.size === 0 && !flushing) {
          // Batches waiting out a 429 keep it open until they are resent and answered.
          if ((await finishCampaigns(db, channelId)) > 0) {
            log.info({ campaignId: campaign.id }, "campaign done");
            await notify(true);
            await writeReceipts();
            campaign = null;
            worked = true;
          }
        }
        if (holding && inFlight.size === 0) break;
      } else {
        const due = await nextDueCampaign(db, channelId);
        if (!due && inFlight.size === 0) break;
        if (due && !holding) {
          await start(due, current);
          worked = true;
        } else if (holding && inFlight.size === 0) {
          break;
        }
      }
      if (!worked) await idle(IDLE_WAIT_MS);
    }
  } finally {
    clearInterval(renewal);
    pacers.multicast.drain();
    pacers.push.drain();
    await Promise.all(running);
    clearInterval(flusher);
    await flush();
    await notify(true).catch(() => {});
    if (!lost) await releaseSenderLease(db, channelId, ctx.holder);
  }
}

/**
 * Renders per recipient; equal payloads get equal keys so that they share a multicast. A
 * login link is signed for each linked friend, so their payloads are their own (push).
 */
function renderer(compiled: CompiledMessages, linkingKey: Buffer | undefined) {
  const signs = linkingKey && compiled.variables.some((v) => v.kind === "login_url");
  return (
    values: Parameters<typeof renderMessages>[1],
    recipient: Parameters<NonNullable<ClaimOptions["render"]>>[1],
  ): RecipientPayload => {
    const loginUrl =
      signs && recipient.memberId
        ? messageLoginLinks(linkingKey, {
            friendId: recipient.friendId,
            memberId: recipient.memberId,
          })
        : null;
    const rendered = renderMessages(compiled, { ...values, loginUrl });
    if (!rendered.ok) return { ok: false, reason: rendered.problem };
    return { ok: true, key: JSON.stringify(rendered.messages), messages: rendered.messages };
  };
}

async function send(line: LineClient, batch: ClaimedBatch): Promise<SendOutcome> {
  const messages = batch.messages as messagingApi.Message[];
  if (batch.to.length === 0) {
    return { ok: false, status: 400, message: "no recipient left to send to" };
  }
  // Each request carries its campaign's (variant's) unit: LINE's only opens for push/multicast.
  const options = { aggregationUnit: batch.aggregationUnit };
  const result =
    batch.kind === "push"
      ? await line.push(batch.to[0]!, messages, batch.retryKey, options)
      : await line.multicast(batch.to, messages, batch.retryKey, options);
  return result.ok
    ? { ok: true, requestId: result.requestId }
    : {
        ok: false,
        status: result.status,
        message: result.message,
        retryAfterMs: result.retryAfterMs,
        details: result.details,
      };
}

/** At most `max` requests under way. */
function createSlots(max: number) {
  let free = max;
  const waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
