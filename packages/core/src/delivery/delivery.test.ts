import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVALID_PAYLOAD_PREFIX, planBatches } from "./batches.ts";
import { campaignCreateSchema } from "./campaign.ts";
import { estimateCost, PLANS } from "./pricing.ts";
import { quietStateAt } from "./quiet-hours.ts";
import { checkQuota } from "./quota.ts";
import { MONTHLY_LIMIT_MESSAGE, nextStep, refusedRecipients } from "./retry.ts";

describe("the cost of a send", () => {
  it("is nothing while it fits in the plan's included messages", () => {
    expect(estimateCost(PLANS.standard, 1_000, 20_000)).toEqual({
      messages: 20_000,
      includedMessages: 20_000,
      additionalMessages: 0,
      additionalCostYen: 0,
      withinPlan: true,
    });
  });

  it("charges Standard's additional messages by the band the month's total falls in", () => {
    // 30,000 included; 30,001–50,000 at ¥3; 50,001–60,000 at ¥2.8.
    expect(estimateCost(PLANS.standard, 0, 60_000)).toMatchObject({
      includedMessages: 30_000,
      additionalMessages: 30_000,
      additionalCostYen: 20_000 * 3 + 10_000 * 2.8,
    });
    expect(estimateCost(PLANS.standard, 40_000, 1)).toMatchObject({ additionalCostYen: 3 });
  });

  it("says a plan without additional messages cannot send beyond what it includes", () => {
    expect(estimateCost(PLANS.light, 4_900, 200)).toMatchObject({
      includedMessages: 100,
      additionalMessages: 100,
      withinPlan: false,
    });
  });

  it("never costs less for sending more", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (used, a, b) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(estimateCost(PLANS.standard, used, small).additionalCostYen).toBeLessThanOrEqual(
            estimateCost(PLANS.standard, used, large).additionalCostYen,
          );
        },
      ),
    );
  });
});

describe("the quota guard", () => {
  it("refuses a send that would pass LINE's monthly limit", () => {
    const check = checkQuota({
      needed: 300,
      line: { limit: 5_000, used: 4_800 },
      sentByKizuna: 0,
      configuredLimit: null,
    });
    expect(check).toMatchObject({
      ok: false,
      code: "quota_exceeded",
      limit: 5_000,
      source: "line",
    });
  });

  it("refuses a send that would pass the channel's own limit, whichever is tighter", () => {
    const check = checkQuota({
      needed: 300,
      line: { limit: null, used: 900 },
      sentByKizuna: 0,
      configuredLimit: 1_000,
    });
    expect(check).toMatchObject({ ok: false, source: "configured", used: 900, needed: 300 });
  });

  it("lets a send through that fits, and counts what Kizuna sent when LINE lags", () => {
    expect(
      checkQuota({
        needed: 100,
        line: { limit: 1_000, used: 0 },
        sentByKizuna: 850,
        configuredLimit: null,
      }),
    ).toEqual({ ok: true, limit: 1_000, used: 850, remainingAfter: 50 });
    expect(checkQuota({ needed: 10, line: null, sentByKizuna: 0, configuredLimit: null })).toEqual({
      ok: true,
      limit: null,
      used: 0,
      remainingAfter: null,
    });
  });
});

describe("quiet hours", () => {
  const night = { start: "21:00", end: "09:00", mode: "hold" as const };
  const jst = (iso: string) => new Date(`${iso}+09:00`);

  it("are quiet from 21:00 until 09:00 Japan time, and say when they end", () => {
    expect(quietStateAt(night, "Asia/Tokyo", jst("2026-05-01T22:30:00"))).toEqual({
      quiet: true,
      endsAt: jst("2026-05-02T09:00:00"),
    });
    expect(quietStateAt(night, "Asia/Tokyo", jst("2026-05-02T08:59:59"))).toEqual({
      quiet: true,
      endsAt: jst("2026-05-02T09:00:00"),
    });
    expect(quietStateAt(night, "Asia/Tokyo", jst("2026-05-02T09:00:00"))).toEqual({ quiet: false });
    expect(quietStateAt(night, "Asia/Tokyo", jst("2026-05-01T21:00:00")).quiet).toBe(true);
  });

  it("work within one day too", () => {
    const lunch = { start: "12:00", end: "13:00", mode: "skip" as const };
    expect(quietStateAt(lunch, "Asia/Tokyo", jst("2026-05-01T12:30:00"))).toEqual({
      quiet: true,
      endsAt: jst("2026-05-01T13:00:00"),
    });
    expect(quietStateAt(lunch, "Asia/Tokyo", jst("2026-05-01T13:30:00")).quiet).toBe(false);
  });
});

describe("batches of a window", () => {
  const shared = (seqs: number[]) => seqs.map((seq) => ({ seq, payloadKey: "all" }));
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("sends one payload in multicasts of up to 500", () => {
    const plan = planBatches(shared(range(1, 1200)), { from: 1, to: 1200, isLast: true });
    expect(plan.batches.map((b) => [b.kind, b.seqFrom, b.seqTo, b.seqs.length])).toEqual([
      ["multicast", 1, 500, 500],
      ["multicast", 501, 1000, 500],
      ["multicast", 1001, 1200, 200],
    ]);
    expect(plan.nextSeq).toBe(1201);
  });

  it("sends a payload only one friend has by push", () => {
    const plan = planBatches(
      [
        { seq: 1, payloadKey: "a" },
        { seq: 2, payloadKey: "a" },
        { seq: 3, payloadKey: "b" },
        { seq: 5, payloadKey: `${INVALID_PAYLOAD_PREFIX}empty_text` },
      ],
      { from: 1, to: 5, isLast: true },
    );
    expect(plan.batches.map((b) => [b.kind, b.seqs])).toEqual([
      ["multicast", [1, 2]],
      ["push", [3]],
      ["unsendable", [5]],
    ]);
  });

  it("leaves an incomplete last run to the next window, unless it is the whole window", () => {
    const cut = planBatches(
      [...shared(range(1, 700)), ...range(701, 1000).map((seq) => ({ seq, payloadKey: "b" }))],
      { from: 1, to: 1000, isLast: false },
    );
    expect(cut.batches.map((b) => b.seqs.length)).toEqual([500, 200]);
    expect(cut.nextSeq).toBe(701);

    const alone = planBatches(shared(range(1, 300)), { from: 1, to: 1000, isLast: false });
    expect(alone.batches.map((b) => b.seqs.length)).toEqual([300]);
    expect(alone.nextSeq).toBe(1001);
  });

  it("covers every recipient of a window once, in order, within contiguous ranges", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom("a", "b", "c")), {
          maxLength: 2000,
        }),
        fc.boolean(),
        (steps, isLast) => {
          let seq = 0;
          const recipients = steps.map(([gap, payloadKey]) => {
            seq += gap;
            return { seq, payloadKey };
          });
          const to = seq + 1;
          const plan = planBatches(recipients, { from: 1, to, isLast }, 500);
          const planned = plan.batches.flatMap((b) => b.seqs);
          const expectedSeqs = recipients.filter((r) => r.seq < plan.nextSeq).map((r) => r.seq);
          expect(planned).toEqual(expectedSeqs);
          for (const batch of plan.batches) {
            expect(batch.seqs.length).toBeLessThanOrEqual(500);
            const inside = recipients.filter((r) => r.seq >= batch.seqFrom && r.seq <= batch.seqTo);
            expect(inside.map((r) => r.seq)).toEqual(batch.seqs);
            expect(new Set(inside.map((r) => r.payloadKey)).size).toBe(1);
          }
          if (recipients.length > 0) expect(plan.nextSeq).toBeGreaterThan(recipients[0]!.seq);
        },
      ),
    );
  });
});

describe("LINE's answers", () => {
  const noJitter = () => 1;

  it("accept a 200, and a 409 for a retry key LINE already took (reported as ok)", () => {
    expect(nextStep({ ok: true, requestId: "r1" }, { attempt: 3, recipients: 500 })).toEqual({
      action: "accept",
      requestId: "r1",
    });
  });

  it("back off after 429, 5xx and network errors, honouring Retry-After", () => {
    expect(
      nextStep(
        { ok: false, status: 500, message: "x" },
        { attempt: 1, recipients: 500 },
        undefined,
        noJitter,
      ),
    ).toMatchObject({
      action: "retry",
      delayMs: 1_000,
    });
    expect(
      nextStep(
        { ok: false, status: 0, message: "ECONNRESET" },
        { attempt: 3, recipients: 500 },
        undefined,
        noJitter,
      ),
    ).toMatchObject({
      action: "retry",
      delayMs: 4_000,
    });
    expect(
      nextStep(
        { ok: false, status: 429, message: "rate", retryAfterMs: 7_000 },
        { attempt: 1, recipients: 500 },
        undefined,
        noJitter,
      ),
    ).toMatchObject({ action: "retry", delayMs: 7_000 });
  });

  it("give up after the last attempt", () => {
    expect(
      nextStep({ ok: false, status: 503, message: "down" }, { attempt: 10, recipients: 500 }),
    ).toMatchObject({
      action: "fail",
      reason: "retries_exhausted",
    });
  });

  it("fail a refused request at once, and a used-up monthly quota too", () => {
    expect(
      nextStep(
        { ok: false, status: 400, message: "Failed to send messages" },
        { attempt: 1, recipients: 500 },
      ),
    ).toMatchObject({
      action: "fail",
      reason: "line_rejected",
    });
    expect(
      nextStep({ ok: false, status: 401, message: "bad token" }, { attempt: 1, recipients: 500 }),
    ).toMatchObject({
      reason: "line_unauthorized",
    });
    expect(
      nextStep(
        { ok: false, status: 429, message: MONTHLY_LIMIT_MESSAGE },
        { attempt: 1, recipients: 500 },
      ),
    ).toMatchObject({
      action: "fail",
      reason: "quota_exhausted",
    });
  });

  const malformed = (...indexes: number[]) => ({
    ok: false as const,
    status: 400,
    message: `The request body has ${indexes.length} error(s)`,
    details: indexes.map((i) => ({ message: "Must be a valid user ID", property: `to[${i}]` })),
  });

  it("split off the recipients a multicast's 400 names, and only them", () => {
    expect(nextStep(malformed(4, 1), { attempt: 1, recipients: 12 })).toEqual({
      action: "split",
      refused: [
        { index: 1, detail: "400 Must be a valid user ID" },
        { index: 4, detail: "400 Must be a valid user ID" },
      ],
      detail: expect.stringContaining("400 The request body has 2 error(s)"),
    });
    expect(refusedRecipients(malformed(3, 3), 5)).toEqual([
      { index: 3, detail: "400 Must be a valid user ID; Must be a valid user ID" },
    ]);
  });

  it("fail the whole batch when the 400 names no recipient, every one, or the messages too", () => {
    expect(nextStep(malformed(0, 1), { attempt: 1, recipients: 2 })).toMatchObject({
      action: "fail",
      reason: "line_rejected",
    });
    expect(refusedRecipients(malformed(0), 1)).toEqual([]);
    expect(
      refusedRecipients(
        {
          ...malformed(2),
          details: [
            { message: "Must be a valid user ID", property: "to[2]" },
            { message: "Length must be between 1 and 5000", property: "messages[0].text" },
          ],
        },
        5,
      ),
    ).toEqual([]);
    // LINE's details may name no property (read as ""): about the request, not a recipient.
    expect(
      refusedRecipients(
        {
          ...malformed(2),
          details: [
            { message: "Must be a valid user ID", property: "to[2]" },
            { message: "Too many messages", property: "" },
          ],
        },
        5,
      ),
    ).toEqual([]);
    expect(
      refusedRecipients({ ok: false, status: 400, message: "Invalid reply token" }, 5),
    ).toEqual([]);
    // An index past the request's recipients is not one of ours to drop.
    expect(refusedRecipients(malformed(7), 5)).toEqual([]);
    expect(refusedRecipients({ ...malformed(1), status: 403 }, 5)).toEqual([]);
  });
});

describe("a new campaign", () => {
  it("goes to all valid friends unless told otherwise", () => {
    const parsed = campaignCreateSchema.parse({ messages: [{ type: "text", text: "hi" }] });
    expect(parsed.audience).toEqual({ type: "all_friends" });
  });

  it("points at the message whose placeholder is broken", () => {
    const parsed = campaignCreateSchema.safeParse({
      messages: [
        { type: "text", text: "ok" },
        { type: "text", text: "{{nme}}" },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["messages", 1, "text"]);
  });
});
