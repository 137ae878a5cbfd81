import {
  AGGREGATION_UNITS_PER_MONTH,
  DEFAULT_RETRY_POLICY,
  LINE_SEND_RATES,
  type RetryPolicy,
} from "@kizuna/core";

export interface DeliveryOptions {
  /**
   * How long a channel's sender lease lasts unless renewed (it is renewed every third of
   * it while sending): after a crash, another worker takes the channel over this soon.
   */
  leaseMs: number;
  /** How often a worker looks for channels with campaigns to send, or leases run out. */
  pollMs: number;
  /** Requests per second per endpoint; LINE's published limits unless testing. */
  rates: { multicast: number; push: number };
  retry: RetryPolicy;
  /** Recipients read per claim transaction, for one payload for all … */
  windowSize: number;
  /** … and for personalised messages, which are rendered per recipient. */
  personalisedWindowSize: number;
  /** Requests under way to LINE at once. */
  maxInFlight: number;
  /** Sending time kept claimed ahead, so the pacer never waits for the database. */
  bufferSeconds: number;
  /** How often answers are written back (one statement for all that arrived). */
  settleEveryMs: number;
  /**
   * Aggregation unit names LINE assigns a channel a month (1,000); a campaign starting past
   * them is recorded as one whose opens LINE will not count. Lower only in tests.
   */
  aggregationUnitLimit: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  leaseMs: 5_000,
  pollMs: 500,
  rates: { ...LINE_SEND_RATES },
  retry: DEFAULT_RETRY_POLICY,
  windowSize: 20_000,
  personalisedWindowSize: 2_000,
  maxInFlight: 256,
  bufferSeconds: 2,
  settleEveryMs: 50,
  aggregationUnitLimit: AGGREGATION_UNITS_PER_MONTH,
};

export function deliveryOptions(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    ...DEFAULT_DELIVERY_OPTIONS,
    ...overrides,
    rates: { ...DEFAULT_DELIVERY_OPTIONS.rates, ...overrides.rates },
    retry: { ...DEFAULT_DELIVERY_OPTIONS.retry, ...overrides.retry },
  };
}
