import type { Channel } from "../state/types.ts";
import { asRedelivery, type CallbackRequest, type WebhookEvent } from "./events.ts";
import { signWebhookBody } from "./sign.ts";

/** LINE gives a bot 2 seconds to answer (docs: check-webhook-error-statistics, request_timeout). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 2000;

/**
 * Waits before each redelivery. LINE redelivers "a pre-defined number of times" at intervals it
 * does not disclose (DOC:receiving-messages#webhook-redelivery); doubling from one second gives a
 * bot that restarts during development about two minutes to come back.
 */
export const DEFAULT_REDELIVERY_DELAYS_MS: readonly number[] = [
  1000, 2000, 4000, 8000, 16_000, 32_000, 64_000,
];

/** Keep the latest deliveries per channel; older ones drop off. */
const DELIVERY_LOG_LIMIT = 1000;

/** How much of the bot's answer the log keeps. */
const RESPONSE_BODY_LIMIT = 1000;

export type DeliveryStatus = number | "timeout" | "error" | "not_delivered";

/** One attempt to POST events to the bot. */
export type WebhookDelivery = {
  at: string;
  /** 1 for the first delivery, 2 for the first redelivery, … */
  attempt: number;
  isRedelivery: boolean;
  eventTypes: WebhookEvent["type"][];
  webhookEventIds: string[];
  url: string | null;
  /** The bot's HTTP status, or what went wrong. */
  status: DeliveryStatus;
  durationMs: number;
  detail?: string;
  /** The start of the bot's answer. */
  responseBody?: string;
  /** When the next redelivery of these events is due, if one was scheduled. */
  redeliveryAt?: string;
};

export type WebhookDispatcher = {
  /** Queues events for the channel (one POST) and returns at once; each channel's POSTs go out in order. */
  enqueue(channelId: string, events: WebhookEvent[]): void;
  deliveries(channelId: string): WebhookDelivery[];
  /** Resolves when every queue is empty (scheduled redeliveries are not waited for). */
  idle(): Promise<void>;
  /** Drops queued events and redeliveries, aborts requests in flight and waits for the queues to stop. */
  close(): Promise<void>;
};

export type DispatcherOptions = {
  timeoutMs: number;
  now: () => number;
  /** Looked up at send time, so a webhook URL set after the event still receives it, as on LINE. */
  findChannel: (channelId: string) => Channel | undefined;
  /** Waits between attempts when the channel has redelivery on; its length bounds the redeliveries. */
  redeliveryDelaysMs?: readonly number[];
  /** Called just before events go out again (reply tokens get a new minute). */
  onRedeliver?: (channelId: string, events: WebhookEvent[]) => void;
  onDelivery?: (channelId: string, delivery: WebhookDelivery) => void;
};

type Job = { channelId: string; events: WebhookEvent[]; attempt: number };

export function createWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const delays = options.redeliveryDelaysMs ?? DEFAULT_REDELIVERY_DELAYS_MS;
  const queues = new Map<string, Promise<void>>();
  const logs = new Map<string, WebhookDelivery[]>();
  const timers = new Set<NodeJS.Timeout>();
  const stop = new AbortController();

  const log = (channelId: string, delivery: WebhookDelivery): void => {
    let entries = logs.get(channelId);
    if (!entries) {
      entries = [];
      logs.set(channelId, entries);
    }
    entries.push(delivery);
    if (entries.length > DELIVERY_LOG_LIMIT) entries.splice(0, entries.length - DELIVERY_LOG_LIMIT);
    options.onDelivery?.(channelId, delivery);
  };

  const schedule = (job: Job): void => {
    if (stop.signal.aborted) return;
    const tail = queues.get(job.channelId) ?? Promise.resolve();
    const next = tail.then(() => deliver(job));
    queues.set(job.channelId, next);
    // Forget an idle queue so the map does not grow with every channel ever used.
    void next.then(() => {
      if (queues.get(job.channelId) === next) queues.delete(job.channelId);
    });
  };

  const redeliverLater = (job: Job, delayMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const events = job.events.map(asRedelivery);
      options.onRedeliver?.(job.channelId, events);
      schedule({ channelId: job.channelId, events, attempt: job.attempt + 1 });
    }, delayMs);
    timers.add(timer);
  };

  const deliver = async (job: Job): Promise<void> => {
    if (stop.signal.aborted) return;
    const channel = options.findChannel(job.channelId);
    if (!channel) return;
    const started = options.now();
    const entry = {
      at: new Date(started).toISOString(),
      attempt: job.attempt,
      isRedelivery: job.attempt > 1,
      eventTypes: job.events.map((event) => event.type),
      webhookEventIds: job.events.map((event) => event.webhookEventId),
      url: channel.webhookUrl,
    };
    if (!channel.webhookUrl) {
      log(job.channelId, {
        ...entry,
        status: "not_delivered",
        durationMs: 0,
        detail: "no webhook URL",
      });
      return;
    }
    const outcome = await post(channel, job.events, options.timeoutMs, stop.signal);
    if (stop.signal.aborted) return;
    const durationMs = Math.max(0, options.now() - started);
    const failed = typeof outcome.status !== "number" || outcome.status >= 300;
    const delay = delays[job.attempt - 1];
    if (failed && channel.webhookRedelivery === true && delay !== undefined) {
      redeliverLater(job, delay);
      const redeliveryAt = new Date(options.now() + delay).toISOString();
      log(job.channelId, { ...entry, ...outcome, durationMs, redeliveryAt });
      return;
    }
    log(job.channelId, { ...entry, ...outcome, durationMs });
  };

  return {
    enqueue(channelId, events) {
      schedule({ channelId, events, attempt: 1 });
    },
    deliveries(channelId) {
      return logs.get(channelId) ?? [];
    },
    async idle() {
      while (queues.size > 0) await Promise.all(queues.values());
    },
    async close() {
      stop.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(queues.values());
    },
  };
}

type Outcome = { status: DeliveryStatus; detail?: string; responseBody?: string };

async function post(
  channel: Channel,
  events: WebhookEvent[],
  timeoutMs: number,
  stopSignal: AbortSignal,
): Promise<Outcome> {
  const request: CallbackRequest = { destination: channel.botUserId, events };
  const body = JSON.stringify(request);
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(channel.webhookUrl!, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "LineBotWebhook/2.0",
        "x-line-signature": signWebhookBody(channel.channelSecret, body),
      },
      body,
      signal: AbortSignal.any([timeout, stopSignal]),
    });
    // Read the answer (also so the connection can be reused); LINE only looks at the status.
    const text = await response.text();
    return text === ""
      ? { status: response.status }
      : { status: response.status, responseBody: text.slice(0, RESPONSE_BODY_LIMIT) };
  } catch (error) {
    if (timeout.aborted) return { status: "timeout", detail: `no response within ${timeoutMs} ms` };
    return { status: "error", detail: describe(error) };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
