import type { FailureReason } from "./campaign.ts";

/** LINE's answer to a push or multicast, as the LINE adapter reports it. */
export type SendOutcome =
  | { ok: true; requestId: string | null }
  | {
      ok: false;
      /** HTTP status; 0 when no answer came (network error, timeout). */
      status: number;
      message: string;
      /** Retry-After, when LINE sent one. */
      retryAfterMs?: number | undefined;
    };

export interface RetryPolicy {
  /** Attempts before a batch that keeps meeting 429/5xx/network errors is given up. */
  maxAttempts: number;
  /** First backoff; doubled per attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

// https://developers.line.biz/en/reference/messaging-api/#status-codes
export const MONTHLY_LIMIT_MESSAGE = "You have reached your monthly limit.";

export type NextStep =
  | { action: "accept"; requestId: string | null }
  /** Resend later with the same retry key: LINE answers 409 if it had taken it after all. */
  | { action: "retry"; delayMs: number; detail: string }
  | { action: "fail"; reason: FailureReason; detail: string };

/**
 * What to do with LINE's answer to attempt number `attempt` (1-based). 429 and 5xx back off
 * (Retry-After when given) and retry, as do network errors; other 4xx fail the batch — for a
 * push, that one recipient — and a used-up monthly quota fails at once.
 * https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 */
export function nextStep(
  outcome: SendOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): NextStep {
  if (outcome.ok) return { action: "accept", requestId: outcome.requestId };
  const detail = outcome.status ? `${outcome.status} ${outcome.message}` : outcome.message;
  if (outcome.status === 429 && outcome.message.includes(MONTHLY_LIMIT_MESSAGE)) {
    return { action: "fail", reason: "quota_exhausted", detail };
  }
  const retryable = outcome.status === 0 || outcome.status === 429 || outcome.status >= 500;
  if (!retryable) {
    const reason =
      outcome.status === 401 || outcome.status === 403 ? "line_unauthorized" : "line_rejected";
    return { action: "fail", reason, detail };
  }
  if (attempt >= policy.maxAttempts) return { action: "fail", reason: "retries_exhausted", detail };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Half of the wait is random, so that resends of many batches do not arrive together.
  const jittered = backoff / 2 + random() * (backoff / 2);
  const delayMs = Math.max(outcome.retryAfterMs ?? 0, Math.round(jittered));
  return { action: "retry", delayMs, detail };
}
