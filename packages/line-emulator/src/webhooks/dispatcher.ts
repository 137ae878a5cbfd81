import type { Channel } from "../state/types.ts";
import type { CallbackRequest, WebhookEvent } from "./events.ts";
import { signWebhookBody } from "./sign.ts";

/** LINE gives a bot 2 seconds to answer (docs: check-webhook-error-statistics, request_timeout). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 2000;

/** Keep the latest deliveries per channel; older ones drop off. */
const DELIVERY_LOG_LIMIT = 1000;

export type DeliveryStatus = number | "timeout" | "error" | "not_delivered";

export type WebhookDelivery = {
  at: string;
  eventTypes: WebhookEvent["type"][];
  webhookEventIds: string[];
  url: string | null;
  /** The bot's HTTP status, or what went wrong. */
  status: DeliveryStatus;
  durationMs: number;
  detail?: string;
};

export type WebhookDispatcher = {
  /** Queues events for the channel and returns at once; each channel's events go out in order. */
  enqueue(channelId: string, events: WebhookEvent[]): void;
  deliveries(channelId: string): WebhookDelivery[];
  /** Resolves when every queue is empty. */
  idle(): Promise<void>;
  /** Drops queued events, aborts requests in flight and waits for the queues to stop. */
  close(): Promise<void>;
};

export type DispatcherOptions = {
  timeoutMs: number;
  now: () => number;
  /** Looked up at send time, so a webhook URL set after the event still receives it, as on LINE. */
  findChannel: (channelId: string) => Channel | undefined;
  onDelivery?: (channelId: string, delivery: WebhookDelivery) => void;
};

export function createWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const queues = new Map<string, Promise<void>>();
  const logs = new Map<string, WebhookDelivery[]>();
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

  const deliver = async (channelId: string, events: WebhookEvent[]): Promise<void> => {
    if (stop.signal.aborted) return;
    const channel = options.findChannel(channelId);
    if (!channel) return;
    const started = options.now();
    const entry = {
      at: new Date(started).toISOString(),
      eventTypes: events.map((event) => event.type),
      webhookEventIds: events.map((event) => event.webhookEventId),
      url: channel.webhookUrl,
    };
    if (!channel.webhookUrl) {
      log(channelId, {
        ...entry,
        status: "not_delivered",
        durationMs: 0,
        detail: "no webhook URL",
      });
      return;
    }
    const outcome = await post(channel, events, options.timeoutMs, stop.signal);
    log(channelId, { ...entry, ...outcome, durationMs: Math.max(0, options.now() - started) });
  };

  return {
    enqueue(channelId, events) {
      if (stop.signal.aborted) return;
      const tail = queues.get(channelId) ?? Promise.resolve();
      const next = tail.then(() => deliver(channelId, events));
      queues.set(channelId, next);
      // Forget an idle queue so the map does not grow with every channel ever used.
      void next.then(() => {
        if (queues.get(channelId) === next) queues.delete(channelId);
      });
    },
    deliveries(channelId) {
      return logs.get(channelId) ?? [];
    },
    async idle() {
      while (queues.size > 0) await Promise.all(queues.values());
    },
    async close() {
      stop.abort();
      await Promise.all(queues.values());
    },
  };
}

type Outcome = { status: DeliveryStatus; detail?: string };

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
    // Read the answer so the connection can be reused; its content does not matter to LINE.
    await response.arrayBuffer();
    return { status: response.status };
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
