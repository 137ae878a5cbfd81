import type { RichMenuShape } from "@kizuna/core";
import { HTTPFetchError, insight, messagingApi } from "@line/bot-sdk";

export interface LineClientConfig {
  channelAccessToken: string;
  /** Origin of the Messaging API; absent means the real LINE Platform. */
  apiBaseUrl?: string | null | undefined;
}

export interface LineProfile {
  displayName: string;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string | null;
}

export type SendResult =
  | { ok: true; requestId: string | null }
  /** `retryable`: 429, 5xx and network errors, worth another attempt with the same retry key. */
  | {
      ok: false;
      /** HTTP status; 0 when no answer came (network error, timeout). */
      status: number;
      message: string;
      retryable: boolean;
      /** LINE's Retry-After, when it sent one. */
      retryAfterMs?: number | undefined;
      /** What LINE said about each part of a refused request (`to[1]`, `messages[0].text` …). */
      details?: LineErrorDetail[] | undefined;
    };

/** One entry of a LINE error's `details`; `property` is "" when LINE names none. */
export interface LineErrorDetail {
  message: string;
  property: string;
}

/** The month's message allowance (GET /v2/bot/message/quota and …/quota/consumption). */
export interface MessageQuota {
  /** null: no limit (`type: "none"`). */
  limit: number | null;
  /** Approximate; includes messages sent from LINE Official Account Manager. */
  used: number;
}

/**
 * What a campaign's request is counted under in LINE's per-unit statistics: one unit per
 * request, a name of `^[a-zA-Z0-9_]{1,30}$`. Test sends and replies carry none.
 */
export interface SendOptions {
  aggregationUnit?: string | undefined;
}

/** A unit's interaction statistics (GET /v2/bot/insight/message/event/aggregation). */
export interface UnitStatistics {
  /** Users who displayed at least one bubble; null: under 20, LINE does not report. */
  uniqueImpressions: number | null;
  /** Users who opened any URL of the messages; null: under 20. */
  uniqueClicks: number | null;
}

export type UnitStatisticsResult =
  | { ok: true; statistics: UnitStatistics }
  | {
      ok: false;
      /** HTTP status; 0 when no answer came. */
      status: number;
      message: string;
      retryAfterMs?: number | undefined;
    };

/** How long a send may take before it counts as a network error (and is retried, same key). */
const SEND_TIMEOUT_MS = 30_000;

/** What Kizuna needs of LINE, as typed results. Built on the official SDK. */
export interface LineClient {
  multicast(
    to: string[],
    messages: messagingApi.Message[],
    retryKey: string,
    options?: SendOptions,
  ): Promise<SendResult>;
  push(
    to: string,
    messages: messagingApi.Message[],
    retryKey: string,
    options?: SendOptions,
  ): Promise<SendResult>;
  getMessageQuota(): Promise<MessageQuota>;
  /**
   * Aggregation unit names used this month (Japan time): LINE assigns at most 1,000 a month per
   * channel and silently drops the unit of a request naming a new one past that.
   */
  getAggregationUnitsUsed(): Promise<number>;
  getProfile(userId: string): Promise<LineProfile | null>;
  getBotInfo(): Promise<{
    userId: string;
    /** The account's basic ID (`@216ru…`), which its add-friend URL names. */
    basicId: string;
    displayName: string;
    pictureUrl: string | null;
  }>;
  setWebhookEndpoint(endpoint: string): Promise<void>;
  /** A link token for the account-link flow: single use, valid ten minutes. */
  issueLinkToken(userId: string): Promise<string>;
  /** Answers an event with its reply token (free of charge; the token lives a minute). */
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<SendResult>;
  /**
   * A unit's statistics over the pushes and multicasts sent with it between two Japan-time
   * dates (yyyyMMdd, at most 30 days apart). Insight endpoints allow 60 requests an hour.
   */
  getStatisticsPerUnit(unit: string, from: string, to: string): Promise<UnitStatisticsResult>;
  /** The channel's rich menus made through the Messaging API, with their areas' actions. */
  getRichMenus(): Promise<RichMenuShape[]>;
  /** The channel's rich-menu aliases, each with the menu it names. */
  getRichMenuAliases(): Promise<{ richMenuAliasId: string; richMenuId: string }[]>;
  /** The rich menu linked to a user; null when none is (they see the default, if any). */
  getRichMenuIdOfUser(userId: string): Promise<string | null>;
  /** The channel's default rich menu; null when it has none. */
  getDefaultRichMenuId(): Promise<string | null>;
}

export function createLineClient(config: LineClientConfig): LineClient {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.apiBaseUrl ? { baseURL: config.apiBaseUrl } : {}),
  });
  const insightApi = new insight.InsightClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.apiBaseUrl ? { baseURL: config.apiBaseUrl } : {}),
  });
  return {
    multicast(to, messages, retryKey, options) {
      return send(() => api.multicastWithHttpInfo({ to, messages, ...units(options) }, retryKey));
    },
    push(to, messages, retryKey, options) {
      return send(() => api.pushMessageWithHttpInfo({ to, messages, ...units(options) }, retryKey));
    },
    async getMessageQuota() {
      // https://developers.line.biz/en/reference/messaging-api/#get-quota
      const [quota, consumption] = await Promise.all([
        api.getMessageQuota(),
        api.getMessageQuotaConsumption(),
      ]);
      return {
        limit: quota.type === "limited" ? (quota.value ?? 0) : null,
        used: consumption.totalUsage,
      };
    },
    async getAggregationUnitsUsed() {
      // https://developers.line.biz/en/reference/messaging-api/#get-number-of-units-used-this-month
      const usage = await api.getAggregationUnitUsage();
      return usage.numOfCustomAggregationUnits;
    },
    async getProfile(userId) {
      try {
        const profile = await api.getProfile(userId);
        return {
          displayName: profile.displayName,
          pictureUrl: profile.pictureUrl ?? null,
          statusMessage: profile.statusMessage ?? null,
          language: profile.language ?? null,
        };
      } catch (error) {
        if (error instanceof HTTPFetchError && error.status === 404) return null;
        throw error;
      }
    },
    async getBotInfo() {
      const info = await api.getBotInfo();
      return {
        userId: info.userId,
        basicId: info.basicId,
        displayName: info.displayName,
        pictureUrl: info.pictureUrl ?? null,
      };
    },
    async setWebhookEndpoint(endpoint) {
      await api.setWebhookEndpoint({ endpoint });
    },
    async issueLinkToken(userId) {
      // https://developers.line.biz/en/reference/messaging-api/#issue-link-token
      return (await api.issueLinkToken(userId)).linkToken;
    },
    async reply(replyToken, messages) {
      try {
        const response = await api.replyMessageWithHttpInfo({ replyToken, messages });
        return { ok: true, requestId: response.httpResponse.headers.get("x-line-request-id") };
      } catch (error) {
        if (!(error instanceof HTTPFetchError))
          return { ok: false, status: 0, message: (error as Error).message, retryable: false };
        // A reply token is single use and short-lived: retrying cannot help.
        return {
          ok: false,
          status: error.status,
          message: lineErrorMessage(error.body),
          retryable: false,
        };
      }
    },
    async getStatisticsPerUnit(unit, from, to) {
      // https://developers.line.biz/en/reference/messaging-api/#get-statistics-per-unit
      try {
        const { overview } = await insightApi.getStatisticsPerUnit(unit, from, to);
        return {
          ok: true,
          statistics: {
            uniqueImpressions: overview.uniqueImpression ?? null,
            uniqueClicks: overview.uniqueClick ?? null,
          },
        };
      } catch (error) {
        if (!(error instanceof HTTPFetchError))
          return { ok: false, status: 0, message: (error as Error).message };
        return {
          ok: false,
          status: error.status,
          message: lineErrorMessage(error.body),
          retryAfterMs: retryAfterMs(error.headers.get("retry-after")),
        };
      }
    },
    async getRichMenus() {
      // https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-list
      const { richmenus } = await api.getRichMenuList();
      return richmenus.map((menu) => ({
        richMenuId: menu.richMenuId,
        name: menu.name,
        chatBarText: menu.chatBarText,
        areas: (menu.areas ?? []).map((area) => ({ action: areaAction(area.action) })),
      }));
    },
    async getRichMenuAliases() {
      // https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-list
      const { aliases } = await api.getRichMenuAliasList();
      return aliases.map(({ richMenuAliasId, richMenuId }) => ({ richMenuAliasId, richMenuId }));
    },
    async getRichMenuIdOfUser(userId) {
      // https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user
      return notFoundAsNull(async () => (await api.getRichMenuIdOfUser(userId)).richMenuId);
    },
    async getDefaultRichMenuId() {
      // https://developers.line.biz/en/reference/messaging-api/#get-default-rich-menu-id
      return notFoundAsNull(async () => (await api.getDefaultRichMenuId()).richMenuId);
    },
  };
}

/** What attribution reads of an area's action: its type, label, postback data and alias. */
function areaAction(
  action: messagingApi.Action | undefined,
): RichMenuShape["areas"][number]["action"] {
  if (!action) return { type: "unknown" };
  const { type, label } = action as { type?: string; label?: string };
  const { data, richMenuAliasId } = action as { data?: unknown; richMenuAliasId?: unknown };
  return {
    type: type ?? "unknown",
    ...(label ? { label } : {}),
    ...(typeof data === "string" ? { data } : {}),
    ...(typeof richMenuAliasId === "string" ? { richMenuAliasId } : {}),
  };
}

/** LINE answers 404 for "none": no menu linked to the user, no default menu. */
async function notFoundAsNull(read: () => Promise<string>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HTTPFetchError && error.status === 404) return null;
    throw error;
  }
}

/** The request's `customAggregationUnits`, or nothing: one unit at most per request. */
function units(options: SendOptions | undefined): { customAggregationUnits?: string[] } {
  return options?.aggregationUnit ? { customAggregationUnits: [options.aggregationUnit] } : {};
}

/**
 * Runs a send with a retry key and reads LINE's answer. A 409 to a retried key means LINE
 * had accepted the first attempt: delivered once, so it counts as accepted.
 * https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 */
async function send(request: () => Promise<{ httpResponse: Response }>): Promise<SendResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("LINE did not answer in time")), SEND_TIMEOUT_MS);
    });
    const response = await Promise.race([request(), timeout]);
    return { ok: true, requestId: response.httpResponse.headers.get("x-line-request-id") };
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) {
      // Network failure or timeout: LINE may or may not have accepted it.
      return { ok: false, status: 0, message: (error as Error).message, retryable: true };
    }
    if (error.status === 409) {
      return { ok: true, requestId: error.headers.get("x-line-accepted-request-id") };
    }
    return {
      ok: false,
      status: error.status,
      message: lineErrorMessage(error.body),
      retryable: error.status === 429 || error.status >= 500,
      retryAfterMs: retryAfterMs(error.headers.get("retry-after")),
      details: lineErrorDetails(error.body),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A LINE error body's `details`, when it has any. An entry without a `property` is kept (as "")
 * — it is about something besides the recipients, which keeps a batch from being split.
 */
export function lineErrorDetails(body: string): LineErrorDetail[] | undefined {
  try {
    const parsed = JSON.parse(body) as { details?: unknown };
    if (!Array.isArray(parsed.details)) return undefined;
    const details = parsed.details.flatMap((d: { message?: unknown; property?: unknown }) =>
      typeof d?.message === "string"
        ? [{ message: d.message, property: typeof d.property === "string" ? d.property : "" }]
        : [],
    );
    return details.length > 0 ? details : undefined;
  } catch {
    return undefined;
  }
}

function lineErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      message?: unknown;
      details?: { message: string; property?: string }[];
    };
    const details = parsed.details
      ?.map((d) => (d.property ? `${d.property}: ${d.message}` : d.message))
      .join("; ");
    return [parsed.message, details].filter(Boolean).join(" — ") || body;
  } catch {
    return body.slice(0, 200);
  }
}
