import { renderMessages, type TemplateValues } from "@kizuna/core";
import {
  addTestRecipient,
  fieldKeysOf,
  friendValues,
  listTestRecipients,
  recordAudit,
  removeTestRecipient,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { friendParams } from "../friends/filter-param.ts";
import { sendError } from "../http/errors.ts";
import { reviewMessages } from "./problems.ts";
import { sendTest } from "./test-send.ts";

/** A test send reaches at most this many friends: it is for staff's own phones. */
export const MAX_TEST_RECIPIENTS = 10;

const friendId = friendParams.shape.friendId;
// Any JSON: the validator answers what is wrong with LINE's property paths. The bound only
// keeps a body from being absurd; LINE's own limit (1–5) is one of the validator's answers.
const messages = z.array(z.unknown()).max(50);
const NO_VALUES: TemplateValues = { name: null, member: null, fields: {} };

/**
 * The composer's API: LINE's rules and personalisation checked on each field, the messages as a
 * chosen friend would get them, and a test send to staff's own LINE accounts.
 */
export function messageRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.post(
      "/api/channels/:channelId/messages/validate",
      {
        config: { permission: "channels:read" },
        schema: { params: channelParams, body: z.object({ messages }) },
      },
      async (request) => {
        const review = await reviewMessages(deps, request.params.channelId, request.body.messages);
        return review.ok
          ? { valid: true, problems: [] }
          : { valid: false, problems: review.problems };
      },
    );

    app.post(
      "/api/channels/:channelId/messages/preview",
      {
        // It shows a friend's name, member data and custom fields.
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          body: z.object({ messages, friendId: friendId.optional() }),
        },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const { messages: given, friendId: chosen } = request.body;
        const review = await reviewMessages(deps, channelId, given);
        // Messages that cannot be personalised preview as typed; the validate call says why.
        if (!review.ok) return { messages: given, friend: null, problem: null };
        const { compiled } = review;
        let values = NO_VALUES;
        let friend: { friendId: string; displayName: string | null } | null = null;
        if (chosen) {
          const [found] = await friendValues(
            db,
            channelId,
            [chosen],
            fieldKeysOf(compiled.variables),
          );
          if (!found)
            return sendError(reply, 404, "friend_not_found", "No such friend in this channel.");
          values = found.values;
          friend = { friendId: found.friendId, displayName: found.values.name };
        }
        const rendered = renderMessages(compiled, values);
        return rendered.ok
          ? { messages: rendered.messages, friend, problem: null }
          : {
              messages: given,
              friend,
              problem: { code: rendered.problem, messageIndex: rendered.messageIndex },
            };
      },
    );

    app.post(
      "/api/channels/:channelId/messages/test-send",
      {
        config: { permission: "messages:test_send" },
        schema: {
          params: channelParams,
          body: z.object({
            messages,
            friendIds: z
              .array(friendId)
              .min(1)
              .max(MAX_TEST_RECIPIENTS)
              .refine((ids) => new Set(ids).size === ids.length, "each friend once"),
          }),
        },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const { friendIds } = request.body;
        const review = await reviewMessages(deps, channelId, request.body.messages);
        if (!review.ok) {
          return sendError(reply, 400, "invalid_messages", "LINE would refuse these messages.", {
            problems: review.problems,
          });
        }
        const marked = new Set((await listTestRecipients(db, channelId)).map((r) => r.friendId));
        const unmarked = friendIds.filter((id) => !marked.has(id));
        if (unmarked.length > 0) {
          return sendError(
            reply,
            400,
            "not_test_recipient",
            "A test send goes only to friends marked as test recipients.",
            { friendIds: unmarked },
          );
        }
        const outcomes = await sendTest(deps, channelId, review.compiled, friendIds);
        const accepted = outcomes.filter((outcome) => outcome.ok).length;
        await recordAudit(db, {
          actor: `staff:${request.staff!.user.id}`,
          action: "messages.test_sent",
          targetType: "channel",
          targetId: channelId,
          detail: {
            friendIds,
            messageTypes: review.compiled.messages.map((message) => message.type),
            accepted,
            failed: outcomes.length - accepted,
          },
        });
        request.log.info({ channelId, recipients: friendIds.length, accepted }, "test send pushed");
        return { outcomes };
      },
    );

    app.get(
      "/api/channels/:channelId/messages/test-recipients",
      { config: { permission: "messages:test_send" }, schema: { params: channelParams } },
      async (request) => ({
        testRecipients: await listTestRecipients(db, request.params.channelId),
      }),
    );

    app.put(
      "/api/channels/:channelId/messages/test-recipients/:friendId",
      { config: { permission: "messages:test_send" }, schema: { params: friendParams } },
      async (request, reply) => {
        const added = await addTestRecipient(db, {
          ...request.params,
          staffId: request.staff!.user.id,
        });
        if (!added)
          return sendError(reply, 404, "friend_not_found", "No such friend in this channel.");
        return reply.code(204).send();
      },
    );

    app.delete(
      "/api/channels/:channelId/messages/test-recipients/:friendId",
      { config: { permission: "messages:test_send" }, schema: { params: friendParams } },
      async (request, reply) => {
        const removed = await removeTestRecipient(db, {
          ...request.params,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!removed) {
          return sendError(reply, 404, "not_test_recipient", "The friend is not a test recipient.");
        }
        return reply.code(204).send();
      },
    );
  };
}
