/**
 * A token bucket that hands out requests at `ratePerSecond`, first come first served, with
 * a small burst. Inside a channel's sender lease it keeps requests to one LINE endpoint
 * under that endpoint's published limit, so 429s stay the exception.
 */
export interface Pacer {
  /** Resolves when the next request may go. */
  take(): Promise<void>;
  /** Holds every request back for `ms` (after a 429). */
  pause(ms: number): void;
  /** Requests waiting for their turn. */
  readonly waiting: number;
  /** Lets every waiting request go at once (shutting down: they are abandoned, not sent). */
  drain(): void;
}

export function createPacer(
  ratePerSecond: number,
  options: { burst?: number; now?: () => number } = {},
): Pacer {
  const now = options.now ?? (() => performance.now());
  const perMs = ratePerSecond / 1000;
  // 50 ms worth of requests: smooth enough for LINE's bucket, coarse enough for timers.
  const burst = Math.max(1, options.burst ?? Math.floor(ratePerSecond / 20));
  let tokens = burst;
  let last = now();
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  const queue: (() => void)[] = [];

  const refill = (at: number) => {
    tokens = Math.min(burst, tokens + (at - last) * perMs);
    last = at;
  };

  const pump = () => {
    timer = undefined;
    const at = now();
    refill(at);
    if (at < pausedUntil) {
      schedule(pausedUntil - at);
      return;
    }
    while (queue.length > 0 && tokens >= 1) {
      tokens -= 1;
      queue.shift()!();
    }
    if (queue.length > 0) schedule((1 - tokens) / perMs);
  };

  const schedule = (ms: number) => {
    if (!timer) timer = setTimeout(pump, Math.max(1, Math.ceil(ms)));
  };

  return {
    take() {
      return new Promise<void>((resolve) => {
        queue.push(resolve);
        if (!timer) pump();
      });
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      tokens = 0;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (queue.length > 0) schedule(ms);
    },
    get waiting() {
      return queue.length;
    },
    drain() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const resolve of queue.splice(0)) resolve();
    },
  };
}
