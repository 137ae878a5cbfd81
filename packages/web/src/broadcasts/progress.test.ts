import { describe, expect, it } from "vitest";
import type { Broadcast } from "../api/types.ts";
import { processedCount, progressPercent, progressSections } from "./progress.ts";

function broadcast(overrides: Partial<Broadcast>): Broadcast {
  return {
    id: "b1",
    text: "セール開催中",
    status: "sending",
    recipients: 200,
    sent: 0,
    failed: 0,
    skipped: 0,
    createdAt: "2025-01-01T00:00:00Z",
    finishedAt: null,
    ...overrides,
  };
}

describe("broadcast progress", () => {
  it("counts sent, failed and skipped recipients as processed", () => {
    const b = broadcast({ sent: 90, failed: 6, skipped: 4 });
    expect(processedCount(b)).toBe(100);
    expect(progressPercent(b)).toBe(50);
  });

  it("never runs past the end of the bar", () => {
    expect(progressPercent(broadcast({ recipients: 10, sent: 11 }))).toBe(100);
  });

  it("shows a broadcast to nobody as full once done and empty before", () => {
    expect(progressPercent(broadcast({ recipients: 0, status: "done" }))).toBe(100);
    expect(progressPercent(broadcast({ recipients: 0, status: "queued" }))).toBe(0);
  });

  it("splits the bar into sent, failed and skipped shares of the recipients", () => {
    expect(progressSections(broadcast({ sent: 100, failed: 20, skipped: 10 }))).toEqual({
      sent: 50,
      failed: 10,
      skipped: 5,
    });
  });

  it("scales the shares down when more were processed than expected", () => {
    const { sent, failed, skipped } = progressSections(
      broadcast({ recipients: 10, sent: 10, failed: 5, skipped: 5 }),
    );
    expect(sent + failed + skipped).toBeCloseTo(100);
  });
});
