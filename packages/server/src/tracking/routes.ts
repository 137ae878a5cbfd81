import { clickCodeVerifier, codeChallengeS256, linkCodeOf, signClickState } from "@kizuna/core";
import { findChannel, findTrackedLink, recordLinkClick, type TrackedLink } from "@kizuna/db";
import { authorizeUrl } from "@kizuna/line";
import type { FastifyBaseLogger, FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { type LinkingContext, linkingContext } from "../linking/context.ts";
import { languageOf, sendMessagePage } from "../linking/pages/html.ts";
import { PAGE_TEXTS } from "../linking/pages/texts.ts";

/** LINE's in-app browser appends `Line/<version>` to the user agent; it is signed in to LINE. */
const LINE_APP = /\bLine\/\d/i;

/**
 * `/l/:code`, a campaign's tracking link (docs/decisions/012-click-tracking.md). In LINE's
 * in-app browser the visitor goes through LINE Login, which signs them in without a page, and
 * the callback records whose click it was; anywhere else, or without a LINE Login channel,
 * the click is recorded anonymously and the visitor sent straight on. Public: no session.
 */
export function trackingRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const context = linkingContext(deps);
  const { db } = deps.database;
  return async (app) => {
    app.get(
      "/l/:code",
      { schema: { params: z.object({ code: z.string().max(200) }) } },
      async (request, reply) => {
        const code = linkCodeOf(request.params.code);
        const link = code ? await findTrackedLink(db, code) : null;
        if (!link) {
          const texts = PAGE_TEXTS[languageOf(request)];
          return sendMessagePage(reply, {
            lang: languageOf(request),
            status: 404,
            title: texts.login.errorTitle,
            message: texts.route.unknown,
          });
        }
        // A HEAD is a checker or a preview, not a visit.
        if (request.method === "HEAD") return reply.redirect(link.url, 302);
        const channel = await findChannel(db, link.channelId);
        const loginChannel = channel ? context.loginChannel(channel) : null;
        if (!loginChannel || !LINE_APP.test(request.headers["user-agent"] ?? ""))
          return sendOn(reply, request.log, db, link, null);
        const key = await context.key();
        const { state, nonce } = signClickState(key, link.code);
        return reply.header("cache-control", "no-store").redirect(
          authorizeUrl(loginChannel, {
            redirectUri: context.callbackUrl,
            state,
            nonce,
            codeChallenge: codeChallengeS256(clickCodeVerifier(key, state)),
          }),
          302,
        );
      },
    );
  };
}

/** Records the click (by the friend, or anonymous) and sends the visitor to the link's URL. */
export async function sendOn(
  reply: FastifyReply,
  log: FastifyBaseLogger,
  db: LinkingContext["deps"]["database"]["db"],
  link: TrackedLink,
  friendId: string | null,
): Promise<FastifyReply> {
  const recorded = await recordLinkClick(db, link, friendId);
  log.info(
    { linkId: link.id, campaignId: link.campaignId, friendId, recorded },
    "tracking link clicked",
  );
  return reply.header("cache-control", "no-store").redirect(link.url, 302);
}
