import type { EmulatorContext } from "../context.ts";
import { ok } from "../result.ts";
import { type BeaconEvent, beaconEvent } from "../webhooks/events.ts";
import {
  type FriendResult,
  findFriend,
  grantReplyToken,
  type QueuedEvent,
  queue,
} from "./common.ts";

/** The friend's phone comes near a LINE Beacon (REF#beacon-event). */
export function detectBeacon(
  ctx: EmulatorContext,
  userId: string,
  beacon: BeaconEvent["beacon"],
): FriendResult<QueuedEvent> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const at = ctx.now();
  const event = beaconEvent(userId, at, grantReplyToken(ctx, found.value, at), beacon);
  return ok(queue(ctx, found.value, event));
}
