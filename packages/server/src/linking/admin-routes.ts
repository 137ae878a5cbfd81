import { isSecondFactorKind, SECOND_FACTOR_KINDS } from "@kizuna/core";
import {
  currentLinkCounts,
  findChannel,
  friendLinkView,
  linkFriendToMember,
  linkingSettings,
  linkRateHistory,
  memberIdOfExternalId,
  saveLinkingSettings,
  saveLoginChannel,
  unlinkFriend,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendError } from "../http/errors.ts";
import type { LinkingContext } from "./context.ts";

const channelParams = z.object({ channelId: z.uuid() });
const friendParams = channelParams.extend({ friendId: z.string().regex(/^\d{1,19}$/) });

/**
 * Staff's side of ID linking: the link rate over time, a friend's link and its history,
 * manual link and unlink (way 4, audited), and a channel's linking settings.
 */
export function linkingAdminRoutes(context: LinkingContext): FastifyPluginAsyncZod {
  const { deps } = context;
  const { db } = deps.database;
  return async (app) => {
    app.addHook("preHandler", async (request, reply) => {
      const { channelId } = request.params as { channelId?: string };
      if (channelId && !(await findChannel(db, channelId)))
        return sendError(reply, 404, "channel_not_found", "No such channel.");
    });

    app.get(
      "/api/channels/:channelId/link-rate",
      {
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
        },
      },
      async (request) => {
        const { channelId } = request.params;
        const [history, now] = await Promise.all([
          linkRateHistory(db, channelId, request.query.days),
          currentLinkCounts(db, channelId),
        ]);
        const rate = (p: { validFriends: number; linkedFriends: number }) =>
          p.validFriends === 0 ? 0 : p.linkedFriends / p.validFriends;
        return {
          current: { ...now, rate: rate(now) },
          days: history.map((point) => ({ ...point, rate: rate(point) })),
        };
      },
    );

    app.get(
      "/api/channels/:channelId/friends/:friendId/link",
      { config: { permission: "friends:read" }, schema: { params: friendParams } },
      async (request, reply) => {
        const view = await friendLinkView(db, request.params.channelId, request.params.friendId);
        if (!view)
          return sendError(reply, 404, "friend_not_found", "No such friend in this channel.");
        return view;
      },
    );

    app.put(
      "/api/channels/:channelId/friends/:friendId/link",
      {
        config: { permission: "members:link" },
        schema: {
          params: friendParams,
          body: z.object({ externalId: z.string().trim().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        const memberId = await memberIdOfExternalId(db, request.body.externalId);
        if (!memberId)
          return sendError(reply, 404, "member_not_found", "No member has this external id.");
        const staff = request.staff!;
        const result = await db.transaction().execute((trx) =>
          linkFriendToMember(trx, {
            channelId,
            friendId,
            memberId,
            method: "manual",
            actor: `staff:${staff.user.id}`,
          }),
        );
        if (!result.ok)
          return sendError(reply, 404, result.code, "No such friend in this channel.");
        request.log.info(
          { channelId, friendId, changed: result.changed },
          "friend linked by staff",
        );
        return friendLinkView(db, channelId, friendId);
      },
    );

    app.delete(
      "/api/channels/:channelId/friends/:friendId/link",
      { config: { permission: "members:link" }, schema: { params: friendParams } },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        const staff = request.staff!;
        const unlinked = await db.transaction().execute((trx) =>
          unlinkFriend(trx, {
            channelId,
            friendId,
            method: "manual",
            actor: `staff:${staff.user.id}`,
          }),
        );
        if (!unlinked) return sendError(reply, 404, "not_linked", "The friend is not linked.");
        request.log.info({ channelId, friendId }, "friend unlinked by staff");
        return friendLinkView(db, channelId, friendId);
      },
    );

    app.get(
      "/api/channels/:channelId/linking-settings",
      { config: { permission: "channels:read" }, schema: { params: channelParams } },
      async (request) => {
        const channel = (await findChannel(db, request.params.channelId))!;
        const settings = await linkingSettings(db, channel.id, context.defaultSecondFactor);
        return {
          ...settings,
          secondFactors: SECOND_FACTOR_KINDS,
          hostedSignIn: {
            url: new URL("/link/account", deps.publicUrl).toString(),
            verifyConfigured: Boolean(deps.linking?.verifyUrl),
          },
          loginChannel: {
            loginChannelId: channel.login_channel_id,
            configured: Boolean(channel.login_channel_id && channel.login_channel_secret_enc),
            loginBaseUrl: channel.login_base_url,
            callbackUrl: context.callbackUrl,
          },
        };
      },
    );

    app.put(
      "/api/channels/:channelId/linking-settings",
      {
        config: { permission: "linking:manage" },
        schema: {
          params: channelParams,
          body: z.object({
            matchSecondFactor: z.string().refine(isSecondFactorKind, "birthday, phone or email"),
            accountLinkUrl: z
              .url({ protocol: /^https?$/ })
              .max(1000)
              .nullable(),
          }),
        },
      },
      async (request) => {
        const { matchSecondFactor, accountLinkUrl } = request.body;
        if (!isSecondFactorKind(matchSecondFactor)) throw new Error("validated above");
        await saveLinkingSettings(db, request.params.channelId, {
          matchSecondFactor,
          accountLinkUrl,
        });
        return linkingSettings(db, request.params.channelId);
      },
    );

    app.put(
      "/api/channels/:channelId/login-channel",
      {
        config: { permission: "linking:manage" },
        schema: {
          params: channelParams,
          body: z.object({
            loginChannelId: z.string().regex(/^\d{1,20}$/, "the LINE Login channel's numeric id"),
            loginChannelSecret: z.string().min(1).max(200),
            loginBaseUrl: z
              .url({ protocol: /^https?$/ })
              .max(500)
              .nullable()
              .optional(),
          }),
        },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const body = request.body;
        await saveLoginChannel(db, channelId, {
          loginChannelId: body.loginChannelId,
          loginChannelSecretEnc: deps.secretBox.seal(body.loginChannelSecret),
          loginBaseUrl: body.loginBaseUrl ?? null,
        });
        request.log.info({ channelId }, "LINE Login channel saved");
        return reply.code(204).send();
      },
    );
  };
}
