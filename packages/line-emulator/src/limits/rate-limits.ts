// LINE's rate limits: a token bucket per channel and endpoint, where an endpoint is a method and
// a path template (same URL, other method = other endpoint; parameters and body ignored).
// Figures from REF#rate-limits (LINE-PLATFORM.md §3).

export type Rate = { limit: number; windowMs: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const perSecond = (limit: number): Rate => ({ limit, windowMs: SECOND });
const perMinute = (limit: number): Rate => ({ limit, windowMs: MINUTE });
const perHour = (limit: number): Rate => ({ limit, windowMs: HOUR });

/** Everything not listed below: reply, push, profile, followers, quota, progress … */
export const DEFAULT_RATE: Rate = perSecond(2000);

/** `METHOD /path/{param}` → LINE's published limit. A trailing `*` matches any rest of the path. */
export const LINE_RATE_LIMITS: Readonly<Record<string, Rate>> = {
  "POST /v2/bot/message/narrowcast": perHour(60),
  "POST /v2/bot/message/broadcast": perHour(60),
  "GET /v2/bot/insight/message/delivery": perHour(60),
  "GET /v2/bot/insight/followers": perHour(60),
  "GET /v2/bot/insight/demographic": perHour(60),
  "GET /v2/bot/insight/message/event": perHour(60),
  "GET /v2/bot/insight/message/event/aggregation": perHour(60),
  "GET /v2/bot/insight/richmenu/{}/summary": perHour(60),
  "GET /v2/bot/insight/richmenu/{}/daily": perHour(60),
  "POST /v2/bot/channel/webhook/test": perHour(60),
  "* /v2/bot/audienceGroup/*": perMinute(60),
  "PUT /v2/bot/channel/webhook/endpoint": perMinute(1000),
  "GET /v2/bot/channel/webhook/endpoint": perMinute(1000),
  "POST /v2/bot/richmenu": perHour(100),
  "DELETE /v2/bot/richmenu/{}": perHour(100),
  "DELETE /v2/bot/richmenu/alias/{}": perHour(100),
  "GET /v2/bot/richmenu/progress/batch": perHour(100),
  "POST /v2/bot/richmenu/batch": perHour(3),
  "GET /v2/bot/richmenu/list": perSecond(10),
  "POST /v2/bot/message/multicast": perSecond(200),
  "GET /v2/bot/membership/subscription/{}": perSecond(200),
  "GET /v2/bot/membership/list": perSecond(200),
  "POST /v2/bot/coupon": perSecond(200),
  "PUT /v2/bot/coupon/{}/close": perSecond(200),
  "GET /v2/bot/coupon": perSecond(200),
  "GET /v2/bot/coupon/{}": perSecond(200),
  "POST /v2/bot/chat/loading/start": perSecond(100),
};

export type RateLimitOptions = {
  /** false turns every limit off (benchmarks). Default true. */
  enabled?: boolean;
  /** Scales every limit (0.01 makes 2,000/s into 20/s for a test). Default 1. */
  multiplier?: number;
  /** Per endpoint (`"POST /v2/bot/message/push"`, `{}` for path parameters): a rate, or "off". */
  overrides?: Record<string, Rate | "off">;
};

export type RateLimitSettings = Required<RateLimitOptions>;

/** One endpoint's limit and its buckets, one per channel. */
export type Endpoint = {
  key: string;
  published: Rate;
  /** Tokens a full bucket holds; 0 = unlimited. */
  capacity: number;
  /** Tokens added per ms. */
  refillPerMs: number;
  buckets: Map<string, Bucket>;
};

type Bucket = { tokens: number; updatedAt: number };

export type RateLimiter = {
  /** The endpoint for a route, created the first time its method and path are seen. */
  endpoint(method: string, routeUrl: string): Endpoint;
  /** Takes a token for `channelId`; false when the bucket is empty (answer 429). */
  take(endpoint: Endpoint, channelId: string): boolean;
  settings(): RateLimitSettings;
  configure(options: RateLimitOptions): RateLimitSettings;
  /** Refills every bucket. */
  reset(): void;
  /** Each endpoint seen so far with its published and effective limits. */
  describe(): { endpoint: string; published: Rate; effective: Rate | "off" }[];
};

export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  let settings = normalize(options);
  const endpoints = new Map<string, Endpoint>();

  const apply = (endpoint: Endpoint) => {
    const rate = effectiveRate(endpoint.key, endpoint.published, settings);
    endpoint.capacity = rate === "off" ? 0 : rate.limit;
    endpoint.refillPerMs = rate === "off" ? 0 : rate.limit / rate.windowMs;
    endpoint.buckets.clear();
  };

  return {
    endpoint(method, routeUrl) {
      const key = `${method.toUpperCase()} ${pathTemplate(routeUrl)}`;
      let endpoint = endpoints.get(key);
      if (!endpoint) {
        endpoint = {
          key,
          published: publishedRate(key),
          capacity: 0,
          refillPerMs: 0,
          buckets: new Map(),
        };
        apply(endpoint);
        endpoints.set(key, endpoint);
      }
      return endpoint;
    },
    take(endpoint, channelId) {
      if (endpoint.capacity === 0) return true;
      const at = now();
      let bucket = endpoint.buckets.get(channelId);
      if (!bucket) {
        bucket = { tokens: endpoint.capacity, updatedAt: at };
        endpoint.buckets.set(channelId, bucket);
      } else if (at > bucket.updatedAt) {
        bucket.tokens = Math.min(
          endpoint.capacity,
          bucket.tokens + (at - bucket.updatedAt) * endpoint.refillPerMs,
        );
        bucket.updatedAt = at;
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    settings: () => settings,
    configure(next) {
      settings = normalize({ ...settings, ...next });
      for (const endpoint of endpoints.values()) apply(endpoint);
      return settings;
    },
    reset() {
      for (const endpoint of endpoints.values()) endpoint.buckets.clear();
    },
    describe() {
      return [...endpoints.values()].map((endpoint) => ({
        endpoint: endpoint.key,
        published: endpoint.published,
        effective: effectiveRate(endpoint.key, endpoint.published, settings),
      }));
    },
  };
}

function normalize(options: RateLimitOptions): RateLimitSettings {
  const multiplier = options.multiplier ?? 1;
  if (!(multiplier > 0)) throw new Error("rate limit multiplier must be greater than 0");
  return {
    enabled: options.enabled ?? true,
    multiplier,
    overrides: Object.fromEntries(
      Object.entries(options.overrides ?? {}).map(([key, rate]) => [normalizeKey(key), rate]),
    ),
  };
}

function effectiveRate(key: string, published: Rate, settings: RateLimitSettings): Rate | "off" {
  if (!settings.enabled) return "off";
  const override = settings.overrides[key];
  if (override !== undefined) return override;
  return {
    limit: Math.max(1, Math.round(published.limit * settings.multiplier)),
    windowMs: published.windowMs,
  };
}

function publishedRate(key: string): Rate {
  const exact = LINE_RATE_LIMITS[key];
  if (exact) return exact;
  const [method, path] = key.split(" ") as [string, string];
  for (const [pattern, rate] of Object.entries(LINE_RATE_LIMITS)) {
    if (!pattern.endsWith("*")) continue;
    const [patternMethod, patternPath] = pattern.split(" ") as [string, string];
    if (patternMethod !== "*" && patternMethod !== method) continue;
    if (path.startsWith(patternPath.slice(0, -1))) return rate;
  }
  return DEFAULT_RATE;
}

/** `/v2/bot/richmenu/:richMenuId` (Fastify) or `/v2/bot/richmenu/{richMenuId}` (LINE) → `…/{}`. */
export function pathTemplate(url: string): string {
  return url.replace(/\/(?::[^/]+|\{[^/}]*\})/g, "/{}");
}

function normalizeKey(key: string): string {
  const [method, path] = key.trim().split(/\s+/);
  if (!method || !path) throw new Error(`rate limit override "${key}" must be "METHOD /path"`);
  return `${method.toUpperCase()} ${pathTemplate(path)}`;
}
