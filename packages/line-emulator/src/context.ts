import type { RateLimiter } from "./limits/rate-limits.ts";
import type { NarrowcastRunner } from "./messaging/narrowcast-jobs.ts";
import type { EmulatorState } from "./state/state.ts";
import type { WebhookDispatcher } from "./webhooks/dispatcher.ts";

/** What routes and actions share: the state, the webhook queue and the clock. */
export type EmulatorContext = {
  state: EmulatorState;
  webhooks: WebhookDispatcher;
  now: () => number;
  replyTokenTtlMs: number;
  /** LINE's rate limits per channel and endpoint (src/limits). */
  rateLimits: RateLimiter;
  /** Narrowcasts in progress, and who each narrowcast or broadcast reached. */
  narrowcasts: NarrowcastRunner;
};
