import {
  type FieldValue,
  fieldValueInputSchema,
  friendFilterSchema,
  parseFieldValue,
} from "@kizuna/core";
import {
  addFriendNote,
  addFriendTags,
  type BulkOperation,
  bulkEditFriends,
  type CustomField,
  findCustomField,
  friendInChannel,
  listCustomFields,
  listFriendFieldValues,
  notifyFriendsChanged,
  removeFriendTags,
  setFriendFieldValues,
  unknownTagIds,
} from "@kizuna/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { friendParams, resolveFilter, sendFilterProblems } from "./filter-param.ts";
import { presentFieldValue } from "./present.ts";

const tagIds = z.array(z.uuid()).min(1).max(50);

const bulkBody = z.object({
  selection: z.object({
    /** `{}` is every friend of the channel. */
    filter: friendFilterSchema,
    /** A hand-picked selection among those the filter matches. */
    friendIds: z
      .array(z.string().regex(/^\d{1,18}$/, "a friend id"))
      .min(1)
      .max(1000)
      .optional(),
  }),
  operation: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("add_tags"), tagIds }),
    z.object({ kind: z.literal("remove_tags"), tagIds }),
    z.object({ kind: z.literal("set_field"), fieldId: z.uuid(), value: fieldValueInputSchema }),
  ]),
});

/** Who did it, for the timeline and the audit trail. */
const actorOf = (request: FastifyRequest) => `staff:${request.staff!.user.id}` as const;

function sendUnknownTags(reply: FastifyReply, ids: string[], all: readonly string[], at: string) {
  const details = ids.map((id) => ({
    path: `${at}/${all.indexOf(id)}`,
    message: "no such tag in this channel",
  }));
  return sendError(
    reply,
    400,
    "unknown_tag",
    `${details[0]!.path}: ${details[0]!.message}`,
    details,
  );
}

const notFound = (reply: FastifyReply) =>
  sendError(reply, 404, "friend_not_found", "No such friend in this channel.");

/** Edits of one friend (tags, field values, notes) and of many at once. */
export function friendEditRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.post(
      "/api/channels/:channelId/friends/:friendId/tags",
      {
        config: { permission: "friends:write" },
        schema: { params: friendParams, body: z.object({ tagIds }) },
      },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        if (!(await friendInChannel(db, channelId, friendId))) return notFound(reply);
        const unknown = await unknownTagIds(db, channelId, request.body.tagIds);
        if (unknown.length > 0)
          return sendUnknownTags(reply, unknown, request.body.tagIds, "/tagIds");
        const added = await db.transaction().execute((trx) =>
          addFriendTags(trx, {
            channelId,
            friendId,
            tagIds: request.body.tagIds,
            actor: actorOf(request),
          }),
        );
        if (added.length > 0) await notifyFriendsChanged(db, channelId);
        return { added };
      },
    );

    app.delete(
      "/api/channels/:channelId/friends/:friendId/tags/:tagId",
      {
        config: { permission: "friends:write" },
        schema: { params: friendParams.extend({ tagId: z.uuid() }) },
      },
      async (request, reply) => {
        const { channelId, friendId, tagId } = request.params;
        if (!(await friendInChannel(db, channelId, friendId))) return notFound(reply);
        const removed = await db.transaction().execute((trx) =>
          removeFriendTags(trx, {
            channelId,
            friendId,
            tagIds: [tagId],
            actor: actorOf(request),
          }),
        );
        if (removed.length > 0) await notifyFriendsChanged(db, channelId);
        return reply.code(204).send();
      },
    );

    app.put(
      "/api/channels/:channelId/friends/:friendId/fields",
      {
        config: { permission: "friends:write" },
        schema: {
          params: friendParams,
          body: z.object({
            /** Field id → value; fields not named keep their values, null clears one. */
            values: z.record(z.uuid(), fieldValueInputSchema),
          }),
        },
      },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        if (!(await friendInChannel(db, channelId, friendId))) return notFound(reply);
        const fields = new Map((await listCustomFields(db, channelId)).map((f) => [f.id, f]));
        const values: { field: CustomField; value: FieldValue | null }[] = [];
        const problems: { path: string; message: string }[] = [];
        for (const [fieldId, input] of Object.entries(request.body.values)) {
          const field = fields.get(fieldId);
          if (!field) {
            problems.push({ path: `/values/${fieldId}`, message: "no such field in this channel" });
            continue;
          }
          const parsed = parseFieldValue(field, input);
          if (parsed.ok) values.push({ field, value: parsed.value });
          else problems.push({ path: `/values/${fieldId}`, message: parsed.message });
        }
        if (problems.length > 0)
          return sendError(
            reply,
            400,
            "invalid_field_value",
            `${problems[0]!.path}: ${problems[0]!.message}`,
            problems,
          );
        const changed = await db
          .transaction()
          .execute((trx) =>
            setFriendFieldValues(trx, { channelId, friendId, values, actor: actorOf(request) }),
          );
        if (changed.length > 0) await notifyFriendsChanged(db, channelId);
        return {
          changed,
          fields: (await listFriendFieldValues(db, friendId)).map(presentFieldValue),
        };
      },
    );

    app.post(
      "/api/channels/:channelId/friends/:friendId/notes",
      {
        config: { permission: "friends:write" },
        schema: {
          params: friendParams,
          body: z.object({ body: z.string().trim().min(1).max(5000) }),
        },
      },
      async (request, reply) => {
        const { channelId, friendId } = request.params;
        if (!(await friendInChannel(db, channelId, friendId))) return notFound(reply);
        const note = await db.transaction().execute((trx) =>
          addFriendNote(trx, {
            channelId,
            friendId,
            staffUserId: request.staff!.user.id,
            body: request.body.body,
          }),
        );
        await notifyFriendsChanged(db, channelId);
        return reply.code(201).send({ note });
      },
    );

    app.post(
      "/api/channels/:channelId/friends/bulk",
      {
        config: { permission: "friends:bulk_edit" },
        schema: { params: channelParams, body: bulkBody },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const { selection, operation } = request.body;
        const resolved = await resolveFilter(deps, channelId, selection.filter);
        if (!resolved.ok) return sendFilterProblems(reply, resolved.problems, "/selection/filter");
        let change: BulkOperation;
        switch (operation.kind) {
          case "add_tags":
          case "remove_tags": {
            const unknown = await unknownTagIds(db, channelId, operation.tagIds);
            if (unknown.length > 0)
              return sendUnknownTags(reply, unknown, operation.tagIds, "/operation/tagIds");
            change = operation;
            break;
          }
          case "set_field": {
            const field = await findCustomField(db, channelId, operation.fieldId);
            if (!field)
              return sendError(
                reply,
                400,
                "unknown_field",
                "/operation/fieldId: no such field in this channel",
                [{ path: "/operation/fieldId", message: "no such field in this channel" }],
              );
            const parsed = parseFieldValue(field, operation.value);
            if (!parsed.ok)
              return sendError(
                reply,
                400,
                "invalid_field_value",
                `/operation/value: ${parsed.message}`,
                [{ path: "/operation/value", message: parsed.message }],
              );
            change = { kind: "set_field", field, value: parsed.value };
            break;
          }
          default:
            return operation satisfies never;
        }
        const result = await bulkEditFriends(db, {
          selection: { filter: resolved.filter, friendIds: selection.friendIds },
          operation: change,
          actor: actorOf(request),
        });
        request.log.info(
          { channelId, operation: operation.kind, changed: result.changed },
          "friends edited in bulk",
        );
        if (result.changed > 0) await notifyFriendsChanged(db, channelId);
        return result;
      },
    );
  };
}
