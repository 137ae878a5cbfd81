import {
  type LinkingIntent,
  type LinkingReply,
  linkingIntentOf,
  linkingReplies,
  type SecretBox,
  signMatchFormToken,
} from "@kizuna/core";
import {
  applyPendingLinks,
  consumeAccountLinkNonce,
  type DB,
  ensureFollowingFriend,
  linkFriendToMember,
  linkingKey,
  linkingSettings,
  recordLinkToken,
  unlinkFriend,
} from "@kizuna/db";
import type { messagingApi, WebhookEvent } from "@kizuna/line";
import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";

/** A webhook event that concerns ID linking, read from a stored event. */
export type LinkingEvent =
  | {
      kind: "intent";
      intent: LinkingIntent;
      channelId: string;
      lineUserId: string;
      at: Date;
      replyToken: string | null;
    }
  | {
      kind: "account_link";
      channelId: string;
      /** LINE omits the source when the link failed. */
      lineUserId: string | null;
      at: Date;
      replyToken: string | null;
      result: "ok" | "failed";
      nonce: string | null;
    };

export function linkingEventOf(channelId: string, event: WebhookEvent): LinkingEvent | null {
  // Standby events belong to another channel's bot: it must not answer them.
  if (event.mode === "standby") return null;
  const lineUserId = event.source?.type === "user" ? (event.source.userId ?? null) : null;
  const at = new Date(event.timestamp);
  const replyToken = event.replyToken ?? null;
  if (event.type === "accountLink") {
    const link = (event as { link?: { result?: unknown; nonce?: unknown } }).link;
    return {
      kind: "account_link",
      channelId,
      lineUserId,
      at,
      replyToken,
      result: link?.result === "ok" ? "ok" : "failed",
      nonce: typeof link?.nonce === "string" ? link.nonce : null,
    };
  }
  // Linking is one to one: requests from groups and rooms are not answered.
  if (!lineUserId || event.source?.type !== "user") return null;
  const intent = linkingIntentOf(event as Parameters<typeof linkingIntentOf>[0]);
  return intent ? { kind: "intent", intent, channelId, lineUserId, at, replyToken } : null;
}

/** What is left to do once the batch committed: calls to LINE, never inside a transaction. */
export type LinkingFollowUp =
  | {
      kind: "account_link";
      channelId: string;
      friendId: string;
      lineUserId: string;
      replyToken: string;
    }
  | { kind: "match_form"; channelId: string; friendId: string; replyToken: string }
  | { kind: "reply"; channelId: string; replyToken: string; messages: LinkingReply[] };

/**
 * Applies linking events in the batch's transaction: an accountLink event with a good
 * nonce links the friend; a request to unlink unlinks. Requests that need LINE (a link
 * token) or a URL come back as follow-ups.
 */
export async function applyLinkingEvents(
  trx: Transaction<DB>,
  events: readonly LinkingEvent[],
  log: Logger,
): Promise<LinkingFollowUp[]> {
  const followUps: LinkingFollowUp[] = [];
  for (const event of events) {
    const followUp =
      event.kind === "account_link"
        ? await applyAccountLink(trx, event, log)
        : await applyIntent(trx, event);
    if (followUp) followUps.push(followUp);
  }
  return followUps;
}

async function applyAccountLink(
  trx: Transaction<DB>,
  event: Extract<LinkingEvent, { kind: "account_link" }>,
  log: Logger,
): Promise<LinkingFollowUp | null> {
  // A failed link (LINE saw someone else than the token's user) carries no source and no
  // reply token: nothing to link, nobody to tell.
  if (event.result !== "ok" || !event.lineUserId || !event.nonce) {
    log.info({ channelId: event.channelId }, "account link failed at LINE");
    return null;
  }
  const { friendId } = await ensureFollowingFriend(
    trx,
    event.channelId,
    event.lineUserId,
    event.at,
  );
  const nonce = await consumeAccountLinkNonce(trx, {
    channelId: event.channelId,
    nonce: event.nonce,
    lineUserId: event.lineUserId,
    now: event.at,
  });
  let linked = false;
  if (nonce.ok) {
    const result = await linkFriendToMember(trx, {
      channelId: event.channelId,
      friendId,
      memberId: nonce.memberId,
      method: "account_link",
      actor: "friend",
    });
    linked = result.ok;
  }
  log.info(
    { channelId: event.channelId, friendId, linked, refused: nonce.ok ? undefined : nonce.code },
    linked ? "friend linked by account link" : "account link refused",
  );
  return event.replyToken
    ? {
        kind: "reply",
        channelId: event.channelId,
        replyToken: event.replyToken,
        messages: [linked ? linkingReplies.linked() : linkingReplies.linkFailed()],
      }
    : null;
}

async function applyIntent(
  trx: Transaction<DB>,
  event: Extract<LinkingEvent, { kind: "intent" }>,
): Promise<LinkingFollowUp | null> {
  if (!event.replyToken) return null;
  const { friendId } = await ensureFollowingFriend(
    trx,
    event.channelId,
    event.lineUserId,
    event.at,
  );
  const base = { channelId: event.channelId, replyToken: event.replyToken };
  switch (event.intent) {
    case "account_link":
      return { kind: "account_link", ...base, friendId, lineUserId: event.lineUserId };
    case "match":
      return { kind: "match_form", ...base, friendId };
    case "unlink": {
      // LINE requires that a friend can unlink at any time, from the chat.
      const unlinked = await unlinkFriend(trx, {
        channelId: event.channelId,
        friendId,
        method: "manual",
        actor: "friend",
      });
      return {
        kind: "reply",
        ...base,
        messages: [unlinked ? linkingReplies.unlinked() : linkingReplies.notLinked()],
      };
    }
    default:
      return event.intent satisfies never;
  }
}

export interface LinkingRuntime {
  db: Kysely<DB>;
  clients: LineClients;
  secretBox: SecretBox;
  /** Where friends' browsers reach Kizuna's pages; without it, URL replies are not sent. */
  publicUrl: string | undefined;
  log: Logger;
}

/** Issues link tokens, builds personal URLs and replies; each follow-up fails on its own. */
export async function sendLinkingFollowUps(
  runtime: LinkingRuntime,
  followUps: readonly LinkingFollowUp[],
): Promise<void> {
  await Promise.all(
    followUps.map(async (followUp) => {
      try {
        const messages = await repliesFor(runtime, followUp);
        const line = await runtime.clients(followUp.channelId);
        const sent = await line.reply(followUp.replyToken, messages as messagingApi.Message[]);
        if (!sent.ok)
          runtime.log.warn(
            { channelId: followUp.channelId, status: sent.status, error: sent.message },
            "linking reply refused by LINE",
          );
      } catch (error) {
        runtime.log.error(
          { err: error, channelId: followUp.channelId },
          "linking follow-up failed",
        );
      }
    }),
  );
}

async function repliesFor(
  runtime: LinkingRuntime,
  followUp: LinkingFollowUp,
): Promise<LinkingReply[]> {
  if (followUp.kind === "reply") return followUp.messages;
  if (!runtime.publicUrl) {
    runtime.log.warn({ channelId: followUp.channelId }, "no public URL: cannot send linking pages");
    return [linkingReplies.unavailable()];
  }
  switch (followUp.kind) {
    case "account_link": {
      const line = await runtime.clients(followUp.channelId);
      const linkToken = await line.issueLinkToken(followUp.lineUserId);
      await recordLinkToken(runtime.db, {
        channelId: followUp.channelId,
        friendId: followUp.friendId,
        lineUserId: followUp.lineUserId,
        linkToken,
        issuedAt: new Date(),
      });
      const settings = await linkingSettings(runtime.db, followUp.channelId);
      const page = new URL(settings.accountLinkUrl ?? new URL("/link/account", runtime.publicUrl));
      page.searchParams.set("linkToken", linkToken);
      return [linkingReplies.accountLink(page.toString())];
    }
    case "match_form": {
      const key = await linkingKey(runtime.db, runtime.secretBox);
      const page = new URL("/link/match", runtime.publicUrl);
      page.searchParams.set(
        "t",
        signMatchFormToken(key, { channelId: followUp.channelId, friendId: followUp.friendId }),
      );
      return [linkingReplies.match(page.toString())];
    }
    default:
      return followUp satisfies never;
  }
}

/**
 * The webhook-event hook of linking: reads the batch's linking events, applies them in
 * the batch's transaction, and returns the LINE calls to make once it committed.
 */
export function linkingEventHandler(runtime: LinkingRuntime) {
  return async (
    trx: Transaction<DB>,
    events: readonly { channelId: string; event: WebhookEvent }[],
  ): Promise<() => Promise<void>> => {
    const linking = events.flatMap(
      ({ channelId, event }) => linkingEventOf(channelId, event) ?? [],
    );
    const followUps = linking.length ? await applyLinkingEvents(trx, linking, runtime.log) : [];
    // The batch's follows made the friends already: links LINE Login left waiting are made.
    const follows = events.flatMap(({ channelId, event }) =>
      event.type === "follow" && event.source?.type === "user" && event.source.userId
        ? [{ channelId, lineUserId: event.source.userId }]
        : [],
    );
    for (const applied of await applyPendingLinks(trx, follows))
      runtime.log.info(
        { channelId: applied.channelId, friendId: applied.friendId },
        "waiting LINE Login link made on follow",
      );
    return () => sendLinkingFollowUps(runtime, followUps);
  };
}
