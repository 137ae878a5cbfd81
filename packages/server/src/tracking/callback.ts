import { clickCodeVerifier, readClickState, verifyLineIdToken } from "@kizuna/core";
import { findChannel, findFriendLink, findTrackedLink } from "@kizuna/db";
import { exchangeLoginCode } from "@kizuna/line";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { LinkingContext } from "../linking/context.ts";
import { languageOf, sendMessagePage } from "../linking/pages/html.ts";
import { PAGE_TEXTS } from "../linking/pages/texts.ts";
import { sendOn } from "./routes.ts";

export interface ClickCallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

/**
 * LINE Login's answer for a tracking link (its state starts `click.`), on the one callback URL
 * registered for the Login channel. Whatever LINE says — signed in, declined, failed — the
 * visitor goes on to the link's URL; only who clicked depends on it.
 */
export async function finishClickLogin(
  context: LinkingContext,
  request: FastifyRequest,
  reply: FastifyReply,
  query: ClickCallbackQuery,
): Promise<FastifyReply> {
  const { db } = context.deps.database;
  const key = await context.key();
  const state = query.state ?? "";
  const read = readClickState(key, state);
  const link = read ? await findTrackedLink(db, read.code) : null;
  if (!read || !link) {
    const lang = languageOf(request);
    const texts = PAGE_TEXTS[lang];
    return sendMessagePage(reply, {
      lang,
      status: 400,
      title: texts.login.errorTitle,
      message: read ? texts.route.unknown : texts.login.stateInvalid,
    });
  }
  const anonymous = (why: string, detail?: Record<string, unknown>) => {
    request.log.info({ linkId: link.id, why, ...detail }, "tracking link click not identified");
    return sendOn(reply, request.log, db, link, null);
  };
  if (read.expired) return anonymous("state_expired");
  if (query.error || !query.code) return anonymous("login_not_completed", { error: query.error });

  const channel = await findChannel(db, link.channelId);
  const loginChannel = channel ? context.loginChannel(channel) : null;
  if (!loginChannel) return anonymous("login_channel_missing");
  const tokens = await exchangeLoginCode(loginChannel, {
    code: query.code,
    redirectUri: context.callbackUrl,
    codeVerifier: clickCodeVerifier(key, state),
  });
  if (!tokens.ok) return anonymous("code_exchange_failed", { status: tokens.status });
  const idToken = verifyLineIdToken(tokens.idToken, {
    channelId: loginChannel.channelId,
    channelSecret: loginChannel.channelSecret,
    nonce: read.nonce,
  });
  if (!idToken.ok) return anonymous("id_token_refused", { refused: idToken.code });
  // The Login channel shares the OA's provider, so its user ID is the friend's.
  const friend = await findFriendLink(db, link.channelId, idToken.claims.sub);
  if (!friend) return anonymous("not_a_friend");
  return sendOn(reply, request.log, db, link, friend.friendId);
}
