import { describe, expect, it } from "vitest";
import { processedCount, progressPercent, progressSections, sendRate } from "./progress.ts";
import type { Campaign } from "./types.ts";

function campaign(overrides: Partial<Campaign>): Campaign {
  return {
    id: "c1",
    name: null,
    text: "セール開催中",
    messages: [{ type: "text", text: "セール開催中" }],
    status: "sending",
    scheduledAt: "2025-01-01T00:00:00Z",
    heldUntil: null,
    recipients: 200,
    accepted: 0,
    failed: 0,
    skipped: { blocked: 0, capped: 0, quietHours: 0 },
    error: null,
    createdAt: "2025-01-01T00:00:00Z",
    startedAt: "2025-01-01T00:00:00Z",
    finishedAt: null,
    ...overrides,
  };
}

describe("campaign progress", () => {
  it("counts accepted, failed and skipped recipients as processed", () => {
    const c = campaign({
      accepted: 90,
      failed: 6,
      skipped: { blocked: 2, capped: 1, quietHours: 1 },
    });
    expect(processedCount(c)).toBe(100);
    expect(progressPercent(c)).toBe(50);
  });

  it("never runs past the end of the bar", () => {
    expect(progressPercent(campaign({ recipients: 10, accepted: 11 }))).toBe(100);
  });

  it("shows a campaign to nobody as full once done and empty before", () => {
    expect(progressPercent(campaign({ recipients: 0, status: "done" }))).toBe(100);
    expect(progressPercent(campaign({ recipients: 0, status: "queued" }))).toBe(0);
  });

  it("splits the bar into accepted, failed and skipped shares of the recipients", () => {
    expect(
      progressSections(
        campaign({ accepted: 100, failed: 20, skipped: { blocked: 10, capped: 0, quietHours: 0 } }),
      ),
    ).toEqual({ accepted: 50, failed: 10, skipped: 5 });
  });

  it("tells the pace while sending, and nothing before or after", () => {
    const started = Date.parse("2025-01-01T00:00:00Z");
    expect(sendRate(campaign({ accepted: 100 }), started + 2_000)).toBe(50);
    expect(sendRate(campaign({ status: "done", accepted: 100 }), started + 2_000)).toBeNull();
  });
});
