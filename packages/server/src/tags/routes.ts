import {
  createTag,
  deleteTag,
  listTags,
  listTagsWithCounts,
  notifyFriendsChanged,
  updateTag,
} from "@kizuna/db";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const name = z.string().trim().min(1).max(50);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "a colour like #12b886")
  .nullable();
const tagParams = channelParams.extend({ tagId: z.uuid() });

const sendTagError = (reply: FastifyReply, code: "tag_not_found" | "tag_name_taken") =>
  code === "tag_not_found"
    ? sendError(reply, 404, code, "No such tag in this channel.")
    : sendError(reply, 409, code, "The channel already has a tag of that name.");

/** A channel's tags: listed with the friends who carry each, managed in settings. */
export function tagRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.get(
      "/api/channels/:channelId/tags",
      {
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          querystring: z.object({ counts: z.enum(["true", "false"]).default("false") }),
        },
      },
      async (request) => ({
        tags:
          request.query.counts === "true"
            ? await listTagsWithCounts(db, request.params.channelId)
            : await listTags(db, request.params.channelId),
      }),
    );

    app.post(
      "/api/channels/:channelId/tags",
      {
        config: { permission: "tags:manage" },
        schema: {
          params: channelParams,
          body: z.object({ name, color: color.optional() }),
        },
      },
      async (request, reply) => {
        const result = await createTag(db, {
          channelId: request.params.channelId,
          name: request.body.name,
          color: request.body.color ?? null,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!result.ok) return sendTagError(reply, result.code);
        return reply.code(201).send({ tag: result.tag });
      },
    );

    app.patch(
      "/api/channels/:channelId/tags/:tagId",
      {
        config: { permission: "tags:manage" },
        schema: {
          params: tagParams,
          body: z.object({ name: name.optional(), color: color.optional() }),
        },
      },
      async (request, reply) => {
        const result = await updateTag(db, {
          channelId: request.params.channelId,
          tagId: request.params.tagId,
          ...request.body,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!result.ok) return sendTagError(reply, result.code);
        await notifyFriendsChanged(db, request.params.channelId);
        return { tag: result.tag };
      },
    );

    app.delete(
      "/api/channels/:channelId/tags/:tagId",
      { config: { permission: "tags:manage" }, schema: { params: tagParams } },
      async (request, reply) => {
        const deleted = await deleteTag(db, {
          ...request.params,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!deleted) return sendTagError(reply, "tag_not_found");
        await notifyFriendsChanged(db, request.params.channelId);
        return reply.code(204).send();
      },
    );
  };
}
