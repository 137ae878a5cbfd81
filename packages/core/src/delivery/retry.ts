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
      /** What LINE said about each part of a refused request: `{ property: "to[1]", … }`. */
      details?: readonly { message: string; property: string }[] | undefined;
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

/** A recipient LINE refused by name: its index in the request's `to`, and LINE's words. */
export interface RefusedRecipient {
  index: number;
  detail: string;
}

export type NextStep =
  | { action: "accept"; requestId: string | null }
  /** Resend later with the same retry key: LINE answers 409 if it had taken it after all. */
  | { action: "retry"; delayMs: number; detail: string }
  | { action: "fail"; reason: FailureReason; detail: string }
  /**
   * LINE took nothing because of these recipients alone: they fail (`line_rejected`), and
   * the others go again as a new request, under a new retry key.
   */
  | { action: "split"; refused: RefusedRecipient[]; detail: string };

/** The request a step is about: which attempt this was (1-based), to how many recipients. */
export interface SendAttempt {
  attempt: number;
  recipients: number;
}

/**
 * What to do with LINE's answer to an attempt. 429 and 5xx back off (Retry-After when given)
 * and retry, as do network errors; a 400 that objects only to some of a multicast's recipients
 * splits them off; other 4xx fail the batch — for a push, that one recipient — and a used-up
 * monthly quota fails at once.
 * https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 */
export function nextStep(
  outcome: SendOutcome,
  { attempt, recipients }: SendAttempt,
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
    const refused = refusedRecipients(outcome, recipients);
    if (refused.length > 0) return { action: "split", refused, detail };
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

const RECIPIENT_PROPERTY = /^to\[(\d+)\]$/;

/**
 * The recipients a 400 names (`to[i]` in its details, e.g. "Must be a valid user ID"), when
 * they are all LINE objected to and not all of the `recipients`: a 400 means LINE accepted
 * nothing, so the others can safely go again without them. Empty when the answer is about the
 * request as a whole, or about every recipient.
 * https://developers.line.biz/en/reference/messaging-api/#error-responses
 */
export function refusedRecipients(outcome: SendOutcome, recipients: number): RefusedRecipient[] {
  if (outcome.ok || outcome.status !== 400 || !outcome.details?.length) return [];
  const refused = new Map<number, string>();
  for (const { property, message } of outcome.details) {
    const named = RECIPIENT_PROPERTY.exec(property);
    // Something besides a recipient (a message, the units …) would refuse the rest too.
    if (!named || Number(named[1]) >= recipients) return [];
    const index = Number(named[1]);
    const known = refused.get(index);
    refused.set(index, known ? `${known}; ${message}` : message);
  }
  if (refused.size >= recipients) return [];
  return [...refused]
    .sort(([a], [b]) => a - b)
    .map(([index, message]) => ({ index, detail: `${outcome.status} ${message}` }));
}
