/** The month's message allowance as LINE reports it (GET /v2/bot/message/quota …/consumption). */
export interface LineQuota {
  /** null: LINE sets no limit (`type: "none"`). */
  limit: number | null;
  /** Approximate, and includes messages sent from LINE Official Account Manager. */
  used: number;
}

export interface QuotaInput {
  /** Messages the send would count: one per recipient. */
  needed: number;
  /** From LINE, or null when LINE could not be asked. */
  line: LineQuota | null;
  /** Kizuna's own count of messages its campaigns had accepted this month. */
  sentByKizuna: number;
  /** The channel's own ceiling for the month (delivery settings); null for none. */
  configuredLimit: number | null;
}

export type QuotaCheck =
  | { ok: true; limit: number | null; used: number; remainingAfter: number | null }
  | {
      ok: false;
      code: "quota_exceeded";
      message: string;
      limit: number;
      used: number;
      needed: number;
      /** Which limit it would break. */
      source: "line" | "configured";
    };

/**
 * The quota guard: a send that would take the month past LINE's limit or the channel's
 * configured one is refused whole, before anything is sent. Usage is LINE's figure (it also
 * counts OA Manager sends) or what Kizuna sent itself, whichever is larger.
 */
export function checkQuota(input: QuotaInput): QuotaCheck {
  // LINE's figure is approximate and may lag behind what Kizuna just sent: take the larger.
  const used = Math.max(input.line?.used ?? 0, input.sentByKizuna);
  const limits: { limit: number; source: "line" | "configured" }[] = [];
  if (input.line?.limit != null) limits.push({ limit: input.line.limit, source: "line" });
  if (input.configuredLimit !== null) {
    limits.push({ limit: input.configuredLimit, source: "configured" });
  }
  const tightest = limits.sort((a, b) => a.limit - b.limit)[0];
  if (!tightest) return { ok: true, limit: null, used, remainingAfter: null };
  if (used + input.needed > tightest.limit) {
    const room = Math.max(0, tightest.limit - used);
    return {
      ok: false,
      code: "quota_exceeded",
      message:
        tightest.source === "line"
          ? `This send needs ${input.needed} messages but LINE's monthly limit leaves ${room}.`
          : `This send needs ${input.needed} messages but the channel's monthly limit leaves ${room}.`,
      limit: tightest.limit,
      used,
      needed: input.needed,
      source: tightest.source,
    };
  }
  return {
    ok: true,
    limit: tightest.limit,
    used,
    remainingAfter: tightest.limit - used - input.needed,
  };
}
