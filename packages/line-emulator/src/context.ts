import type { EmulatorState } from "./state/state.ts";
import type { WebhookDispatcher } from "./webhooks/dispatcher.ts";

/** What routes and actions share: the state, the webhook queue and the clock. */
export type EmulatorContext = {
  state: EmulatorState;
  webhooks: WebhookDispatcher;
  now: () => number;
  replyTokenTtlMs: number;
};
