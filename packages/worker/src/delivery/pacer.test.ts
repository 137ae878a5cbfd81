import { describe, expect, it } from "vitest";
import { createPacer } from "./pacer.ts";

describe("the pacer", () => {
  it("lets a burst through at once, then one request per interval", async () => {
    const pacer = createPacer(200, { burst: 10 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => pacer.take()));
    // 10 at once, the other 40 at 200 a second: about 200 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it("serves requests in the order they asked", async () => {
    const pacer = createPacer(1000, { burst: 1 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => pacer.take().then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("holds everything back after a 429", async () => {
    const pacer = createPacer(10_000, { burst: 100 });
    pacer.pause(150);
    const started = performance.now();
    await pacer.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("lets waiting requests go when drained (they are abandoned, not sent)", async () => {
    const pacer = createPacer(1, { burst: 1 });
    await pacer.take();
    const waiting = Promise.all([pacer.take(), pacer.take()]);
    expect(pacer.waiting).toBe(2);
    pacer.drain();
    await waiting;
    expect(pacer.waiting).toBe(0);
  });
});
