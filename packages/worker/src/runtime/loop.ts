import type { Logger } from "pino";

export interface Loop {
  /** Runs the step now instead of at the end of the idle wait. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Runs `step` again at once while it reports work done, otherwise after `idleMs` or
 * when woken. An error is logged and retried after the idle wait: a loop never dies.
 */
export function startLoop(
  name: string,
  step: () => Promise<boolean>,
  idleMs: number,
  log: Logger,
): Loop {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  const idle = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, idleMs);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  const running = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        log.error({ err: error, loop: name }, "worker step failed");
      }
      if (!busy && !stopped) await idle();
    }
  })();

  return {
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
  };
}
