import { randomBytes } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { newReplyToken } from "../ids.ts";
import { recordFollows } from "../state/follow-history.ts";
import { mapFor } from "../state/state.ts";
import { followEvent, type WebhookEvent } from "../webhooks/events.ts";

// Many friends at once, for seeding and load tests: a million follows in one synchronous pass.

/** LINE may put several events into one webhook POST; bulk follows go out this many at a time. */
export const BULK_EVENTS_PER_POST = 100;

export type BulkFollowResult = {
  /** First-time friends. */
  followed: number;
  /** Users who had blocked the channel and unblocked it. */
  unblocked: number;
  alreadyFollowing: number;
  /** IDs that are not users of this channel; nothing happened to them. */
  unknownUserIds: string[];
  /** Follow events queued (0 when silent). */
  webhookEvents: number;
};

/**
 * Makes the channel's users follow it. With `silent`, no follow events are sent (seeding a
 * channel whose bot should not hear about it); otherwise they go out in POSTs of
 * `BULK_EVENTS_PER_POST` events, each with its own reply token.
 */
export function followInBulk(
  ctx: EmulatorContext,
  channelId: string,
  userIds: readonly string[],
  options: { silent: boolean; newUsers?: boolean },
): BulkFollowResult {
  const { state } = ctx;
  const statuses = mapFor(state.friendships, channelId);
  let followed: readonly string[] = [];
  const unblocked: string[] = [];
  const unknownUserIds: string[] = [];
  let alreadyFollowing = 0;
  if (options.newUsers) {
    // Users just created for this channel: none can be a friend yet, no need to look.
    for (const userId of userIds) statuses.set(userId, "following");
    followed = userIds;
  } else {
    const firstTime: string[] = [];
    for (const userId of new Set(userIds)) {
      if (state.users.get(userId)?.channelId !== channelId) {
        unknownUserIds.push(userId);
        continue;
      }
      const before = statuses.get(userId);
      if (before === "following") {
        alreadyFollowing++;
        continue;
      }
      statuses.set(userId, "following");
      (before === "blocked" ? unblocked : firstTime).push(userId);
    }
    followed = firstTime;
  }
  const at = ctx.now();
  if (followed.length > 0) recordFollows(state, channelId, followed, at, "follow");
  if (unblocked.length > 0) recordFollows(state, channelId, unblocked, at, "unblock");
  state.changed();

  let webhookEvents = 0;
  if (!options.silent) {
    const unblockedSet = new Set(unblocked);
    const everyone = [...followed, ...unblocked];
    // One random draw for all reply tokens, straight into the token map: issueReplyToken's
    // periodic sweep would rescan a million live tokens a thousand times.
    const tokens = randomBytes(16 * everyone.length).toString("hex");
    let batch: WebhookEvent[] = [];
    for (const [i, userId] of everyone.entries()) {
      let replyToken = tokens.slice(i * 32, i * 32 + 32);
      while (state.replyTokens.has(replyToken)) replyToken = newReplyToken();
      state.replyTokens.set(replyToken, { channelId, userId, issuedAt: at });
      batch.push(followEvent(userId, at, replyToken, unblockedSet.has(userId)));
      if (batch.length === BULK_EVENTS_PER_POST) {
        ctx.webhooks.enqueue(channelId, batch);
        webhookEvents += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) {
      ctx.webhooks.enqueue(channelId, batch);
      webhookEvents += batch.length;
    }
  }
  return {
    followed: followed.length,
    unblocked: unblocked.length,
    alreadyFollowing,
    unknownUserIds,
    webhookEvents,
  };
}
