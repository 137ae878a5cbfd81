import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { isJsonObject } from "../json.ts";
import { channelOf } from "../messaging/auth.ts";
import {
  invalidProperty,
  type LineErrorDetail,
  lineError,
  requestBodyErrors,
  sendLineError,
} from "../messaging/errors.ts";
import { receivedMessages } from "../state/received.ts";
import { type EmulatorState, mapFor } from "../state/state.ts";
import { isUserIdFormat, isUserOf } from "./user-id.ts";

// The loading animation (REF#display-a-loading-indicator): 1:1 chats only, 5–60 seconds in steps
// of 5 (default 20); it disappears when the time is up or the bot's next message arrives.

export const DEFAULT_LOADING_SECONDS = 20;

export type ActiveLoadingIndicator = { startedAt: number; until: number };

/** The loading animation the user's chat shows now, if any (for the phone view). */
export function loadingIndicatorOf(
  state: EmulatorState,
  channelId: string,
  userId: string,
  nowMs: number,
): ActiveLoadingIndicator | undefined {
  const indicator = state.usersApi.loading.get(channelId)?.get(userId);
  if (!indicator) return undefined;
  const until = indicator.startedAt + indicator.seconds * 1000;
  const last = receivedMessages(state, channelId, userId).at(-1);
  if (nowMs >= until || (last && Date.parse(last.at) >= indicator.startedAt)) return undefined;
  return { startedAt: indicator.startedAt, until };
}

export function loadingRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/v2/bot/chat/loading/start", async (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body)) {
      return sendLineError(reply, lineError(400, "The request body could not be parsed as JSON"));
    }
    const { chatId, loadingSeconds } = body;
    if (chatId == null) {
      return sendLineError(
        reply,
        requestBodyErrors([{ message: "must be specified", property: "chatId" }]),
      );
    }
    if (typeof chatId !== "string") return sendLineError(reply, invalidProperty("chatId"));
    if (loadingSeconds != null && typeof loadingSeconds !== "number") {
      return sendLineError(reply, invalidProperty("loadingSeconds"));
    }
    const channelId = channelOf(request).channelId;
    const details: LineErrorDetail[] = [];
    // Only a user the channel knows: group and room IDs are refused, as on LINE.
    if (!isUserIdFormat(chatId) || !isUserOf(ctx.state, channelId, chatId)) {
      details.push({ message: "invalid chatId", property: "chatId" });
    }
    const seconds = loadingSeconds ?? DEFAULT_LOADING_SECONDS;
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0) {
      details.push({
        message: "Must be a multiple of 5 between 5 and 60",
        property: "loadingSeconds",
      });
    }
    if (details.length > 0) return sendLineError(reply, requestBodyErrors(details));
    mapFor(ctx.state.usersApi.loading, channelId).set(chatId, {
      startedAt: ctx.now(),
      seconds,
    });
    return reply.code(202).send({});
  });
}
