import { randomInt } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { err, ok, type Result } from "../result.ts";
import { addLinkToken, LINK_TOKEN_TTL_MS, type LinkTokenGrant } from "../state/account-links.ts";
import { issueReplyToken } from "../state/reply-tokens.ts";
import { accountLinkEvent } from "../webhooks/events.ts";

// Account linking (DOC:linking-accounts): the bot issues a link token for a user; the user's
// browser is sent to LINE's dialog with that token and the bot's nonce; LINE checks the visitor is
// the user the token was issued for and sends the bot an `accountLink` event — result "ok" with
// the user and a reply token, or "failed" with neither. An expired or used token shows the user
// an error and sends nothing.

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 32 letters and digits, like LINE's link tokens. */
export function newLinkToken(): string {
  let token = "";
  for (let i = 0; i < 32; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}

export function issueLinkToken(ctx: EmulatorContext, channelId: string, userId: string): string {
  let linkToken = newLinkToken();
  while (ctx.state.accountLinks.linkTokens.has(linkToken)) linkToken = newLinkToken();
  addLinkToken(ctx.state, { linkToken, channelId, userId, issuedAt: ctx.now() }, ctx.now());
  return linkToken;
}

export type LinkRefusal = {
  code: "link_token_unknown" | "link_token_expired" | "link_token_used" | "nonce_missing";
  message: string;
};

/** A token the dialog can still use, or why it cannot. */
export function usableLinkToken(
  ctx: EmulatorContext,
  linkToken: string,
): Result<LinkTokenGrant, LinkRefusal> {
  const grant = ctx.state.accountLinks.linkTokens.get(linkToken);
  if (!grant) {
    return err({ code: "link_token_unknown", message: "This link is not valid." });
  }
  if (grant.usedAt !== undefined) {
    return err({ code: "link_token_used", message: "This link has already been used." });
  }
  if (ctx.now() - grant.issuedAt > LINK_TOKEN_TTL_MS) {
    return err({ code: "link_token_expired", message: "This link has expired." });
  }
  return ok(grant);
}

export type LinkOutcome = {
  result: "ok" | "failed";
  channelId: string;
  webhookEventId: string;
  replyToken?: string;
};

/**
 * The visitor confirms the dialog. The token is used up either way; the bot hears "ok" when the
 * visitor is the token's user and "failed" (no source, no reply token) when someone else is.
 */
export function completeAccountLink(
  ctx: EmulatorContext,
  input: { linkToken: string; nonce: string; visitorUserId: string },
): Result<LinkOutcome, LinkRefusal> {
  if (!input.nonce) {
    return err({ code: "nonce_missing", message: "The link has no nonce." });
  }
  const usable = usableLinkToken(ctx, input.linkToken);
  if (!usable.ok) return usable;
  const grant = usable.value;
  const at = ctx.now();
  grant.usedAt = at;
  ctx.state.changed();
  if (input.visitorUserId !== grant.userId) {
    const event = accountLinkEvent(at, input.nonce, undefined);
    ctx.webhooks.enqueue(grant.channelId, [event]);
    return ok({
      result: "failed",
      channelId: grant.channelId,
      webhookEventId: event.webhookEventId,
    });
  }
  const replyToken = issueReplyToken(
    ctx.state,
    { channelId: grant.channelId, userId: grant.userId, issuedAt: at },
    ctx.replyTokenTtlMs,
  );
  const event = accountLinkEvent(at, input.nonce, { userId: grant.userId, replyToken });
  ctx.webhooks.enqueue(grant.channelId, [event]);
  return ok({
    result: "ok",
    channelId: grant.channelId,
    webhookEventId: event.webhookEventId,
    replyToken,
  });
}
