import type { EmulatorContext } from "../context.ts";

// Narrowcasts run asynchronously, as on LINE (REF#get-narrowcast-progress-status): accepted
// (`waiting`), then `sending`, then `succeeded` or `failed` with an error code. Each phase lasts
// `phaseMs`. Also kept here: who each narrowcast and broadcast reached, for `redelivery`
// recipients.

export type NarrowcastPhase = "waiting" | "sending" | "succeeded" | "failed";

/** LINE's narrowcast error codes (OAS NarrowcastProgressResponse.errorCode). */
export const NARROWCAST_ERRORS = {
  internal: { errorCode: 1, failedDescription: "An internal error occurred" },
  notEnoughRecipients: {
    errorCode: 2,
    failedDescription: "There were not enough recipients",
  },
  smallAudience: {
    errorCode: 4,
    failedDescription: "An audience of less than 50 recipients is included as a condition",
  },
  partialDeliveryForbidden: {
    errorCode: 5,
    failedDescription:
      "Delivery was canceled so that the message would not reach only part of the target",
  },
} as const;

export type NarrowcastFailure = (typeof NARROWCAST_ERRORS)[keyof typeof NARROWCAST_ERRORS];

export type NarrowcastJob = {
  requestId: string;
  channelId: string;
  phase: NarrowcastPhase;
  acceptedAt: number;
  completedAt?: number;
  targetCount?: number;
  successCount?: number;
  failureCount?: number;
  failure?: NarrowcastFailure;
};

export type NarrowcastOptions = {
  /** How long the `waiting` and the `sending` phase each last. Default 200 ms. */
  phaseMs?: number;
  /** Fewer final recipients fail with errorCode 2; LINE: 50. */
  minRecipients?: number;
  /** An audience smaller than this fails with errorCode 4; LINE: 50. */
  minAudienceSize?: number;
  /** Target reach a demographic filter needs, else 403; LINE: 100. */
  minFilterReach?: number;
};

export const DEFAULT_NARROWCAST_OPTIONS: Required<NarrowcastOptions> = {
  phaseMs: 200,
  minRecipients: 50,
  minAudienceSize: 50,
  minFilterReach: 100,
};

/** Progress stays readable for 14 days (336 h), then the request ID is unknown. */
export const PROGRESS_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

export type RequestRecipients = { channelId: string; userIds: readonly string[] };

export type NarrowcastRunner = {
  options: Required<NarrowcastOptions>;
  jobs: Map<string, NarrowcastJob>;
  /** requestId of a narrowcast or broadcast → the users it reached. */
  recipients: Map<string, RequestRecipients>;
  /** Runs `steps` one phase apart: the first after `phaseMs`, the next `phaseMs` later … */
  schedule(steps: (() => void)[]): void;
  close(): void;
};

export function createNarrowcastRunner(options: NarrowcastOptions = {}): NarrowcastRunner {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const runner: NarrowcastRunner = {
    options: { ...DEFAULT_NARROWCAST_OPTIONS, ...options },
    jobs: new Map(),
    recipients: new Map(),
    schedule(steps) {
      const [step, ...rest] = steps;
      if (!step || closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        step();
        runner.schedule(rest);
      }, runner.options.phaseMs);
      timer.unref();
      timers.add(timer);
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  return runner;
}

/** Records who a narrowcast or broadcast reached, for later `redelivery` recipients. */
export function rememberAudienceOfRequest(
  ctx: EmulatorContext,
  channelId: string,
  requestId: string,
  userIds: readonly string[],
): void {
  ctx.narrowcasts.recipients.set(requestId, { channelId, userIds });
}

/** The progress body LINE returns; counts appear once sending starts. */
export function progressOf(job: NarrowcastJob) {
  return {
    phase: job.phase,
    ...(job.phase === "waiting"
      ? {}
      : {
          successCount: job.successCount ?? 0,
          failureCount: job.failureCount ?? 0,
          targetCount: job.targetCount ?? 0,
        }),
    ...(job.failure ?? {}),
    acceptedTime: new Date(job.acceptedAt).toISOString(),
    ...(job.completedAt === undefined
      ? {}
      : { completedTime: new Date(job.completedAt).toISOString() }),
  };
}
