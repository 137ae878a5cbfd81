import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { authenticatedChannel } from "../messaging/auth.ts";
import { lineError, sendLineError } from "../messaging/errors.ts";
import { RETRY_KEY_ENDPOINTS, RETRY_KEY_UNSUPPORTED } from "../messaging/retry-key.ts";
import type { Endpoint } from "./rate-limits.ts";

export const RATE_LIMITED = lineError(
  429,
  "The API rate limit has been exceeded. Try again later.",
);

/**
 * An `onRoute` hook that gives every LINE API route two checks, run after channel access token
 * auth (so on any route whose scope uses `bearerAuth`, whoever wrote it):
 * - the channel's token bucket for this endpoint: empty → 429 (REF#rate-limits);
 * - an `X-Line-Retry-Key` on an endpoint other than push, multicast, narrowcast and broadcast
 *   → 400 (DOC:retrying-api-request).
 * The endpoint is resolved once, when the route is registered, so a request costs two map
 * lookups and the bucket arithmetic.
 */
export function lineApiGuard(ctx: EmulatorContext, skipPrefix: string) {
  return (route: RouteOptions): void => {
    if (route.url.startsWith(skipPrefix)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const endpoints = new Map<string, Endpoint>(
      methods.map((method) => [method, ctx.rateLimits.endpoint(method, route.url)]),
    );
    const single = methods.length === 1 ? endpoints.get(methods[0]!) : undefined;
    const guard = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const channel = authenticatedChannel(request);
      if (channel === undefined) return done();
      const endpoint = single ?? endpoints.get(request.method);
      if (endpoint && !ctx.rateLimits.take(endpoint, channel.channelId)) {
        sendLineError(reply, RATE_LIMITED);
        return;
      }
      if (
        request.headers["x-line-retry-key"] !== undefined &&
        !(endpoint && RETRY_KEY_ENDPOINTS.has(endpoint.key))
      ) {
        sendLineError(reply, RETRY_KEY_UNSUPPORTED);
        return;
      }
      done();
    };
    const existing = route.onRequest;
    route.onRequest = [
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      guard as onRequestHookHandler,
    ];
  };
}
