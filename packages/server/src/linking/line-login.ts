import { codeChallengeS256, isClickState, verifyLineIdToken } from "@kizuna/core";
import {
  attributeFriendToRoute,
  type Channel,
  consumeLoginState,
  createLoginAssertion,
  ensureFollowingFriend,
  findChannel,
  findFriendLink,
  identifyRouteVisit,
  type LoginPurpose,
  linkFriendToMember,
  type PendingLogin,
  savePendingLink,
  startLogin,
} from "@kizuna/db";
import { authorizeUrl, exchangeLoginCode, loginFriendshipStatus } from "@kizuna/line";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { finishClickLogin } from "../tracking/callback.ts";
import type { LinkingContext } from "./context.ts";
import { html, type Lang, languageOf, sendMessagePage, sendPage } from "./pages/html.ts";
import { PAGE_TEXTS } from "./pages/texts.ts";

export type LoginStartResult =
  | { ok: true; authorizeUrl: string; expiresAt: Date }
  | { ok: false; code: "login_channel_missing" };

/**
 * Starts a LINE Login with the add-friend screen (`bot_prompt=aggressive`), so that signing
 * in also makes the visitor a friend; state, nonce and PKCE verifier wait in login_states.
 */
export async function startLineLogin(
  context: LinkingContext,
  channel: Channel,
  login: {
    purpose: LoginPurpose;
    routeId?: string;
    visitId?: string;
    memberId?: string | null;
    returnTo?: string;
    lang?: Lang;
  },
): Promise<LoginStartResult> {
  const loginChannel = context.loginChannel(channel);
  if (!loginChannel) return { ok: false, code: "login_channel_missing" };
  const started = await startLogin(context.deps.database.db, { channelId: channel.id, ...login });
  return {
    ok: true,
    expiresAt: started.expiresAt,
    authorizeUrl: authorizeUrl(loginChannel, {
      redirectUri: context.callbackUrl,
      state: started.state,
      nonce: started.nonce,
      codeChallenge: codeChallengeS256(started.codeVerifier),
      botPrompt: "aggressive",
      ...(login.lang ? { uiLocales: login.lang } : {}),
    }),
  };
}

const callbackQuery = z.object({
  code: z.string().max(1000).optional(),
  state: z.string().max(200).optional(),
  friendship_status_changed: z.enum(["true", "false"]).optional(),
  error: z.string().max(100).optional(),
  error_description: z.string().max(1000).optional(),
});

/**
 * `/login/line/callback`, the redirect URI of every LINE Login Kizuna starts. The state is
 * used up first (a replay finds it used), then the code is exchanged, the ID token verified
 * against the login's nonce, and the purpose finished: a company-site login (way 2) links
 * the friend to the member the site named and hands the site a single-use assertion; an
 * inflow route attributes the new friend.
 */
export function lineLoginCallback(context: LinkingContext): FastifyPluginAsyncZod {
  const { db } = context.deps.database;
  return async (app) => {
    app.get(
      "/login/line/callback",
      { schema: { querystring: callbackQuery } },
      async (request, reply) => {
        const lang = languageOf(request);
        const texts = PAGE_TEXTS[lang].login;
        const query = request.query;
        if (!query.state) return failPage(reply, lang, 400, texts.stateInvalid);
        if (isClickState(query.state)) return finishClickLogin(context, request, reply, query);
        const used = await db
          .transaction()
          .execute((trx) => consumeLoginState(trx, query.state ?? ""));
        if (!used.ok) {
          request.log.info({ refused: used.code }, "LINE Login callback refused");
          return failPage(
            reply,
            lang,
            400,
            used.code === "state_expired" ? texts.stateExpired : texts.stateInvalid,
          );
        }
        const login = used.login;
        if (query.error || !query.code) {
          request.log.info(
            { channelId: login.channelId, error: query.error },
            "LINE Login not completed",
          );
          if (login.purpose === "site_login" && login.returnTo)
            return reply.redirect(
              withParams(login.returnTo, { kizuna_error: query.error ?? "no_code" }),
              303,
            );
          return failPage(
            reply,
            lang,
            400,
            query.error === "ACCESS_DENIED" ? texts.canceled : texts.failed,
          );
        }

        const channel = await findChannel(db, login.channelId);
        const loginChannel = channel ? context.loginChannel(channel) : null;
        if (!channel || !loginChannel) return failPage(reply, lang, 503, texts.unavailable);
        const tokens = await exchangeLoginCode(loginChannel, {
          code: query.code,
          redirectUri: context.callbackUrl,
          codeVerifier: login.codeVerifier,
        });
        if (!tokens.ok) {
          request.log.warn(
            { channelId: channel.id, status: tokens.status, error: tokens.error },
            "LINE Login code exchange failed",
          );
          return failPage(reply, lang, 502, texts.failed);
        }
        const idToken = verifyLineIdToken(tokens.idToken, {
          channelId: loginChannel.channelId,
          channelSecret: loginChannel.channelSecret,
          nonce: login.nonce,
        });
        if (!idToken.ok) {
          request.log.warn(
            { channelId: channel.id, refused: idToken.code },
            "LINE ID token refused",
          );
          return failPage(reply, lang, 400, texts.failed);
        }

        const lineUserId = idToken.claims.sub;
        const friendshipStatusChanged =
          query.friendship_status_changed === undefined
            ? null
            : query.friendship_status_changed === "true";
        // A friend now when LINE says the add-friend screen made them one, or its friendship API says so.
        const isFriend =
          friendshipStatusChanged === true ||
          (await loginFriendshipStatus(loginChannel, tokens.accessToken)) === true;
        const outcome = await finishLogin(context, login, {
          lineUserId,
          isFriend,
          friendshipStatusChanged,
        });
        request.log.info(
          {
            channelId: channel.id,
            purpose: login.purpose,
            linked: outcome.linked,
            friend: outcome.friendId,
          },
          "LINE Login finished",
        );

        if (login.purpose === "site_login" && login.returnTo && outcome.assertion)
          return reply.redirect(
            withParams(login.returnTo, { kizuna_assertion: outcome.assertion }),
            303,
          );
        const routeTexts = PAGE_TEXTS[lang].route;
        return sendPage(reply, {
          lang,
          title: routeTexts.thanksTitle,
          body: html`<p class="ok" aria-hidden="true">✓</p><p>${routeTexts.thanks}</p>${
            channel.basic_id
              ? html`<a class="button" href="${`https://line.me/R/ti/p/${encodeURIComponent(channel.basic_id)}`}">${routeTexts.openChat}</a>`
              : ""
          }`,
        });
      },
    );
  };
}

interface LoginOutcome {
  friendId: string | null;
  linked: boolean;
  assertion: string | null;
}

async function finishLogin(
  context: LinkingContext,
  login: PendingLogin,
  seen: { lineUserId: string; isFriend: boolean; friendshipStatusChanged: boolean | null },
): Promise<LoginOutcome> {
  return context.deps.database.db.transaction().execute(async (trx) => {
    const { channelId } = login;
    let friendId: string | null = null;
    let newFollow = seen.friendshipStatusChanged === true;
    if (seen.isFriend) {
      const friend = await ensureFollowingFriend(trx, channelId, seen.lineUserId, new Date());
      friendId = friend.friendId;
      newFollow ||= friend.created;
    } else {
      friendId = (await findFriendLink(trx, channelId, seen.lineUserId))?.friendId ?? null;
    }

    if (login.purpose === "inflow_route") {
      if (login.visitId) await identifyRouteVisit(trx, login.visitId, seen.lineUserId);
      // Only a follow this route brought counts: an old friend passing by keeps their origin.
      if (friendId && login.routeId && newFollow)
        await attributeFriendToRoute(trx, friendId, login.routeId);
      return { friendId, linked: false, assertion: null };
    }

    // Declined the add-friend option and no friend yet: the site still learns who signed in,
    // and the link is made when this LINE user follows.
    if (!friendId && login.memberId) {
      await savePendingLink(trx, {
        channelId,
        lineUserId: seen.lineUserId,
        memberId: login.memberId,
      });
      const assertion = await createLoginAssertion(trx, {
        channelId,
        lineUserId: seen.lineUserId,
        memberId: login.memberId,
        linked: false,
        linkPending: true,
        friendshipStatusChanged: seen.friendshipStatusChanged,
      });
      return { friendId, linked: false, assertion };
    }

    let linked = false;
    if (friendId && login.memberId) {
      const result = await linkFriendToMember(trx, {
        channelId,
        friendId,
        memberId: login.memberId,
        method: "line_login",
        actor: "friend",
      });
      linked = result.ok;
    }
    // The member the site may now treat as signed in: the one it named and linked, or the
    // one this LINE account was linked to before (LINE Login as the sign-in itself).
    const current = friendId ? await findFriendLink(trx, channelId, seen.lineUserId) : null;
    const memberId = current?.memberId ?? null;
    const assertion = await createLoginAssertion(trx, {
      channelId,
      lineUserId: seen.lineUserId,
      memberId,
      linked: memberId !== null && (login.memberId === null || memberId === login.memberId),
      friendshipStatusChanged: seen.friendshipStatusChanged,
    });
    return { friendId, linked, assertion };
  });
}

function withParams(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return target.toString();
}

function failPage(reply: FastifyReply, lang: Lang, status: number, message: string) {
  return sendMessagePage(reply, {
    lang,
    status,
    title: PAGE_TEXTS[lang].login.errorTitle,
    message,
  });
}
