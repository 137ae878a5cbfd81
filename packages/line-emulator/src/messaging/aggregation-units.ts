import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { err, ok, type Result } from "../result.ts";
import { unitsThisMonth } from "../state/engagement.ts";
import type { EmulatorState } from "../state/state.ts";
import { channelOf } from "./auth.ts";
import { type LineError, lineError, sendLineError } from "./errors.ts";
import { japanMonth } from "./japan-time.ts";

// The aggregation unit names a channel used this month, Japan time (REF#get-number-of-units-used-
// this-month, REF#get-name-list-of-units-used-this-month). A name past the month's limit was
// never assigned, so it is neither counted nor listed.

/** LINE: without a limit, or with one of 100 or more, a page holds 100 names. */
export const MAX_UNITS_PER_PAGE = 100;

// LINE does not document its wording for a bad limit or start.
const INVALID_LIMIT = lineError(400, "Invalid limit param");
const INVALID_START = lineError(400, "Invalid start param");

export type UnitNamePage = { customAggregationUnits: string[]; next?: string };

/** One page of this month's unit names, first used first; `next` while more remain. */
export function unitNamePage(
  state: EmulatorState,
  channelId: string,
  query: { limit?: string; start?: string },
  nowMs: number,
): Result<UnitNamePage, LineError> {
  const asked = query.limit === undefined ? MAX_UNITS_PER_PAGE : Number(query.limit);
  if (!Number.isInteger(asked) || asked < 1) return err(INVALID_LIMIT);
  const limit = Math.min(asked, MAX_UNITS_PER_PAGE);
  const month = japanMonth(nowMs);
  let position = 0;
  if (query.start !== undefined) {
    const cursor = readCursor(query.start, channelId, month);
    if (cursor === undefined) return err(INVALID_START);
    position = cursor;
  }
  const names = [...unitsThisMonth(state, channelId, nowMs)];
  const page = names.slice(position, position + limit);
  const end = position + page.length;
  if (end >= names.length) return ok({ customAggregationUnits: page });
  return ok({ customAggregationUnits: page, next: writeCursor(channelId, month, end) });
}

// The names of a month only grow, in order, so a position never skips or repeats one; a
// token from another month is refused (that month's list is gone).
function writeCursor(channelId: string, month: string, position: number): string {
  return Buffer.from(JSON.stringify([channelId, month, position])).toString("base64url");
}

function readCursor(token: string, channelId: string, month: string): number | undefined {
  try {
    const [forChannel, forMonth, position] = JSON.parse(Buffer.from(token, "base64url").toString());
    if (forChannel !== channelId || forMonth !== month) return undefined;
    return Number.isInteger(position) && position >= 0 ? position : undefined;
  } catch {
    return undefined;
  }
}

/** GET /v2/bot/message/aggregation/info and /aggregation/list. */
export function aggregationUnitRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get("/v2/bot/message/aggregation/info", async (request) => ({
    numOfCustomAggregationUnits: unitsThisMonth(ctx.state, channelOf(request).channelId, ctx.now())
      .size,
  }));

  app.get<{ Querystring: { limit?: string; start?: string } }>(
    "/v2/bot/message/aggregation/list",
    async (request, reply) => {
      const page = unitNamePage(ctx.state, channelOf(request).channelId, request.query, ctx.now());
      return page.ok ? page.value : sendLineError(reply, page.error);
    },
  );
}
