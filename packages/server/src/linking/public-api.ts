import { autoLoginUrl } from "@kizuna/core";
import {
  ensureLinkableMember,
  findChannel,
  issueAccountLinkNonce,
  issueAutoLoginToken,
  redeemAutoLoginToken,
  redeemLoginAssertion,
} from "@kizuna/db";
import { accountLinkDialogUrl } from "@kizuna/line";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sendError } from "../http/errors.ts";
import { type ChannelChoice, chooseChannel, type LinkingContext } from "./context.ts";
import { startLineLogin } from "./line-login.ts";
import {
  assertionParams,
  autoLoginRequest,
  autoLoginVerifyRequest,
  loginSessionRequest,
  nonceRequest,
} from "./public-schemas.ts";

/**
 * The linking part of the public API (`/api/v1`, API key with the `linking:write` scope):
 * nonces for sites that host their own account-link sign-in, LINE Login sessions for the
 * company site, and auto-login links.
 */
export function linkingPublicApi(context: LinkingContext): FastifyPluginAsyncZod {
  const { db } = context.deps.database;
  return async (app) => {
    app.post(
      "/api/v1/account-link/nonces",
      {
        config: { public: true, apiScope: "linking:write" },
        schema: { body: nonceRequest },
      },
      async (request, reply) => {
        const issued = await issueAccountLinkNonce(db, request.body);
        if (!issued.ok) {
          const [status, message] = {
            link_token_unknown: [404, "Kizuna did not issue this link token."],
            link_token_expired: [410, "The link token has expired; the friend must start again."],
            too_many_sign_ins: [429, "Too many failed sign-ins with this link token."],
          }[issued.code] as [number, string];
          return sendError(reply, status, issued.code, message);
        }
        const channel = await findChannel(db, issued.channelId);
        return reply.code(201).send({
          nonce: issued.nonce,
          expiresAt: issued.expiresAt,
          redirectUrl: accountLinkDialogUrl(
            channel?.login_base_url,
            request.body.linkToken,
            issued.nonce,
          ),
        });
      },
    );

    app.post(
      "/api/v1/line-login/sessions",
      {
        config: { public: true, apiScope: "linking:write" },
        schema: { body: loginSessionRequest },
      },
      async (request, reply) => {
        const chosen = await chooseChannel(context.deps, request.body.channelId);
        if (!chosen.ok) return channelError(reply, chosen);
        const memberId = request.body.externalId
          ? await ensureLinkableMember(db, request.body.externalId)
          : null;
        const started = await startLineLogin(context, chosen.channel, {
          purpose: "site_login",
          memberId,
          returnTo: request.body.returnTo,
          ...(request.body.lang ? { lang: request.body.lang } : {}),
        });
        if (!started.ok)
          return sendError(
            reply,
            409,
            started.code,
            "The channel has no LINE Login channel configured.",
          );
        return reply
          .code(201)
          .send({ authorizeUrl: started.authorizeUrl, expiresAt: started.expiresAt });
      },
    );

    app.get(
      "/api/v1/line-login/assertions/:token",
      {
        config: { public: true, apiScope: "linking:write" },
        schema: { params: assertionParams },
      },
      async (request, reply) => {
        const redeemed = await redeemLoginAssertion(db, request.params.token);
        if (!redeemed.ok) {
          const [status, message] = {
            assertion_unknown: [404, "No such assertion."],
            assertion_used: [409, "The assertion was redeemed already."],
            assertion_expired: [410, "The assertion has expired."],
          }[redeemed.code] as [number, string];
          return sendError(reply, status, redeemed.code, message);
        }
        return {
          channelId: redeemed.channelId,
          lineUserId: redeemed.lineUserId,
          externalId: redeemed.externalId,
          linked: redeemed.linked,
          friendshipStatusChanged: redeemed.friendshipStatusChanged,
          linkPending: redeemed.linkPending,
        };
      },
    );

    app.post(
      "/api/v1/auto-login-links",
      {
        config: { public: true, apiScope: "linking:write" },
        schema: { body: autoLoginRequest },
      },
      async (request, reply) => {
        const chosen = await chooseChannel(context.deps, request.body.channelId);
        if (!chosen.ok) return channelError(reply, chosen);
        const issued = await issueAutoLoginToken(db, await context.key(), {
          channelId: chosen.channel.id,
          lineUserId: request.body.lineUserId,
        });
        if (!issued.ok)
          return issued.code === "friend_not_found"
            ? sendError(reply, 404, issued.code, "No friend of the channel has this LINE user id.")
            : sendError(reply, 409, issued.code, "The friend is not linked to a member.");
        return reply.code(201).send({
          url: autoLoginUrl(request.body.url, issued.token),
          token: issued.token,
          expiresAt: issued.expiresAt,
        });
      },
    );

    app.post(
      "/api/v1/auto-login-links/verify",
      {
        config: { public: true, apiScope: "linking:write" },
        schema: { body: autoLoginVerifyRequest },
      },
      async (request, reply) => {
        const redeemed = await redeemAutoLoginToken(db, await context.key(), request.body.token);
        if (!redeemed.ok) {
          const [status, message] = {
            token_malformed: [400, "This is not an auto-login token."],
            token_tampered: [401, "The token's signature does not match."],
            token_expired: [410, "The token has expired."],
            token_used: [409, "The token was used already."],
            not_linked: [409, "The friend is no longer linked to the member."],
          }[redeemed.code] as [number, string];
          return sendError(reply, status, redeemed.code, message);
        }
        return {
          externalId: redeemed.externalId,
          lineUserId: redeemed.lineUserId,
          channelId: redeemed.channelId,
        };
      },
    );
  };
}

function channelError(reply: FastifyReply, choice: Extract<ChannelChoice, { ok: false }>) {
  return choice.code === "channel_required"
    ? sendError(reply, 400, choice.code, "Name the channel: the workspace has several.")
    : sendError(reply, 404, choice.code, "No such channel.");
}
