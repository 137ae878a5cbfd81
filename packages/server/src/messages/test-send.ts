import { randomUUID } from "node:crypto";
import { type CompiledMessages, renderMessages } from "@kizuna/core";
import { fieldKeysOf, findChannel, friendValues } from "@kizuna/db";
import { createLineClient, type messagingApi } from "@kizuna/line";
import type { ServerDeps } from "../deps.ts";

/** Why a test recipient got nothing. */
export type TestSendFailure =
  /** Blocked the account since being marked: LINE would not deliver. */
  | "not_following"
  /** Their values made a text empty, or longer than LINE's 5,000 characters. */
  | "empty_text"
  | "text_too_long"
  /** LINE refused the push, or did not answer. */
  | "line_rejected";

export type TestSendOutcome =
  | { friendId: string; ok: true; requestId: string | null }
  | { friendId: string; ok: false; reason: TestSendFailure; message?: string };

/**
 * Pushes the messages, personalised for each, to test recipients of the channel one by one
 * (at most ten, so one push each: a multicast would not show per-friend personalisation).
 */
export async function sendTest(
  deps: ServerDeps,
  channelId: string,
  compiled: CompiledMessages,
  friendIds: readonly string[],
): Promise<TestSendOutcome[]> {
  const { db } = deps.database;
  const channel = await findChannel(db, channelId);
  if (!channel) throw new Error(`channel ${channelId} vanished`);
  const line = createLineClient({
    channelAccessToken: deps.secretBox.open(channel.access_token_enc),
    apiBaseUrl: channel.api_base_url,
  });
  const friends = await friendValues(db, channelId, friendIds, fieldKeysOf(compiled.variables));
  const outcomes: TestSendOutcome[] = [];
  for (const friend of friends) {
    const { friendId } = friend;
    if (!friend.following) {
      outcomes.push({ friendId, ok: false, reason: "not_following" });
      continue;
    }
    const rendered = renderMessages(compiled, friend.values);
    if (!rendered.ok) {
      outcomes.push({ friendId, ok: false, reason: rendered.problem });
      continue;
    }
    const messages = rendered.messages as unknown as messagingApi.Message[];
    const sent = await line.push(friend.lineUserId, messages, randomUUID());
    outcomes.push(
      sent.ok
        ? { friendId, ok: true, requestId: sent.requestId }
        : { friendId, ok: false, reason: "line_rejected", message: sent.message },
    );
  }
  return outcomes;
}
