import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.ts";
import type { EmulatorContext } from "./context.ts";
import { createRateLimiter, type RateLimitOptions } from "./limits/rate-limits.ts";
import { createNarrowcastRunner, type NarrowcastOptions } from "./messaging/narrowcast-jobs.ts";
import { type QuotaSettings, STANDARD_WITHOUT_CAP } from "./state/messaging.ts";
import { createSnapshotWriter, loadSnapshotFile } from "./state/persistence.ts";
import { REPLY_TOKEN_TTL_MS } from "./state/reply-tokens.ts";
import { restoreSnapshot, takeSnapshot } from "./state/snapshot.ts";
import { createState } from "./state/state.ts";
import { createWebhookDispatcher, DEFAULT_WEBHOOK_TIMEOUT_MS } from "./webhooks/dispatcher.ts";
import { refreshReplyTokens } from "./webhooks/redelivery.ts";

export type EmulatorOptions = {
  /** JSON file holding channels, users, received messages and webhook settings across restarts. */
  dataFile?: string;
  /** Fastify's request logging (pino). Default false. */
  logger?: boolean;
  /** How long a bot has to answer a webhook. Default 2000 ms, LINE's limit. */
  webhookTimeoutMs?: number;
  /** Waits before each webhook redelivery (channels with redelivery on). Default 1 s doubling, 7 times. */
  webhookRedeliveryDelaysMs?: number[];
  /** How long a new audience group stays IN_PROGRESS before READY. Default 1000 ms. */
  audienceReadyDelayMs?: number;
  /** How long a reply token stays usable. Default 60 000 ms, LINE's limit. */
  replyTokenTtlMs?: number;
  /** The emulator's clock in ms; tests move it to expire reply tokens and retry keys. */
  now?: () => number;
  /** LINE's rate limits (429): on with LINE's figures unless turned off, scaled or overridden. */
  rateLimits?: RateLimitOptions;
  /** Quota of channels without their own plan. Default: standard, no cap on additional messages. */
  quota?: Partial<QuotaSettings>;
  /** Narrowcast phase length and LINE's minimum recipient counts. */
  narrowcast?: NarrowcastOptions;
};

export type Emulator = {
  app: FastifyInstance;
  /** Starts listening; resolves with the base URL to give the SDK (`baseURL`). */
  listen(options: { port: number; host?: string }): Promise<string>;
  /** Stops webhooks, closes the server and writes the data file one last time. */
  close(): Promise<void>;
};

/** Debounce for data-file writes: a burst of changes makes one write. */
const SAVE_DEBOUNCE_MS = 200;

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const now = options.now ?? Date.now;
  const saved = options.dataFile ? loadSnapshotFile(options.dataFile) : undefined;
  const state = saved ? restoreSnapshot(saved) : createState();
  const replyTokenTtlMs = options.replyTokenTtlMs ?? REPLY_TOKEN_TTL_MS;
  const webhooks = createWebhookDispatcher({
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    now,
    findChannel: (channelId) => state.channels.get(channelId),
    redeliveryDelaysMs: options.webhookRedeliveryDelaysMs,
    onRedeliver: (_channelId, events) => refreshReplyTokens(state, events, now(), replyTokenTtlMs),
  });
  if (options.audienceReadyDelayMs !== undefined) {
    state.audiences.readyDelayMs = options.audienceReadyDelayMs;
  }
  if (options.quota) state.messaging.defaultQuota = { ...STANDARD_WITHOUT_CAP, ...options.quota };
  const ctx: EmulatorContext = {
    state,
    webhooks,
    now,
    replyTokenTtlMs,
    rateLimits: createRateLimiter(options.rateLimits ?? {}, now),
    narrowcasts: createNarrowcastRunner(options.narrowcast),
  };
  const app = buildApp(ctx, { logger: options.logger ?? false });

  const writer = options.dataFile
    ? createSnapshotWriter(
        options.dataFile,
        () => takeSnapshot(state, now()),
        SAVE_DEBOUNCE_MS,
        (error) => app.log.error({ err: error }, "could not save the emulator data file"),
      )
    : undefined;
  if (writer) state.changed = () => writer.schedule();

  let closed: Promise<void> | undefined;
  return {
    app,
    async listen({ port, host = "127.0.0.1" }) {
      return app.listen({ port, host });
    },
    close() {
      closed ??= (async () => {
        ctx.narrowcasts.close();
        await webhooks.close();
        await app.close();
        await writer?.flush();
      })();
      return closed;
    },
  };
}
