import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelOf } from "../messaging/auth.ts";
import { type LineError, lineError, sendLineError } from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import { followStatus } from "../state/friendships.ts";
import type { EmulatorState } from "../state/state.ts";
import { accountTypeOf } from "../state/users-api.ts";

// GET /v2/bot/followers/ids (REF#get-follower-ids): user IDs of current friends, a page at a time
// with a continuation token; blocked users are left out. Verified and premium accounts only.

export const DEFAULT_LIMIT = 300;
export const MAX_LIMIT = 1000;
/** LINE: a continuation token expires in 24 hours. */
export const NEXT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export const NOT_AVAILABLE = lineError(403, "Access to this API is not available for your account");
const INVALID_START = lineError(400, "Invalid start param");
// LINE does not document its wording for a bad limit.
const INVALID_LIMIT = lineError(400, `Invalid limit param (1 to ${MAX_LIMIT})`);

export type FollowerPage = { userIds: string[]; next?: string };

/**
 * One page of followers, in the order users were created. `next` marks a position in the
 * channel's user list, which only grows, so pages never skip or repeat a follower.
 */
export function followerPage(
  state: EmulatorState,
  channelId: string,
  query: { limit?: string; start?: string },
  nowMs: number,
): Result<FollowerPage, LineError> {
  if (accountTypeOf(state, channelId) === "unverified") return err(NOT_AVAILABLE);
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return err(INVALID_LIMIT);
  let position = 0;
  if (query.start !== undefined) {
    const cursor = readCursor(query.start, channelId, nowMs);
    if (cursor === undefined) return err(INVALID_START);
    position = cursor;
  }
  const ids = state.userIdsByChannel.get(channelId) ?? [];
  const userIds: string[] = [];
  while (position < ids.length && userIds.length < limit) {
    const userId = ids[position++]!;
    if (followStatus(state, channelId, userId) === "following") userIds.push(userId);
  }
  // `next` only when another follower remains: the next page starts at that follower.
  while (position < ids.length && followStatus(state, channelId, ids[position]!) !== "following") {
    position++;
  }
  if (position >= ids.length) return ok({ userIds });
  return ok({ userIds, next: writeCursor(channelId, position, nowMs) });
}

function writeCursor(channelId: string, position: number, nowMs: number): string {
  return Buffer.from(JSON.stringify([channelId, position, nowMs])).toString("base64url");
}

function readCursor(token: string, channelId: string, nowMs: number): number | undefined {
  try {
    const [forChannel, position, issuedAt] = JSON.parse(Buffer.from(token, "base64url").toString());
    if (forChannel !== channelId || !Number.isInteger(position) || position < 0) return undefined;
    if (typeof issuedAt !== "number" || nowMs - issuedAt > NEXT_TOKEN_TTL_MS) return undefined;
    return position;
  } catch {
    return undefined;
  }
}

export function followerRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Querystring: { limit?: string; start?: string } }>(
    "/v2/bot/followers/ids",
    async (request, reply) => {
      const page = followerPage(ctx.state, channelOf(request).channelId, request.query, ctx.now());
      return page.ok ? page.value : sendLineError(reply, page.error);
    },
  );
}
