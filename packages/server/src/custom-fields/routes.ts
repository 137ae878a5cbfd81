import { customFieldCreateSchema, customFieldUpdateSchema } from "@kizuna/core";
import {
  createCustomField,
  deleteCustomField,
  type FieldChange,
  listCustomFields,
  notifyFriendsChanged,
  updateCustomField,
} from "@kizuna/db";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const fieldParams = channelParams.extend({ fieldId: z.uuid() });

function sendFieldError(reply: FastifyReply, failure: Exclude<FieldChange, { ok: true }>) {
  switch (failure.code) {
    case "field_not_found":
      return sendError(reply, 404, failure.code, "No such custom field in this channel.");
    case "field_key_taken":
      return sendError(reply, 409, failure.code, "The channel already has a field with that key.");
    case "choice_in_use":
      return sendError(
        reply,
        409,
        failure.code,
        `Friends hold ${failure.choices.map((c) => JSON.stringify(c)).join(", ")}: change their values before removing the choice.`,
        { choices: failure.choices },
      );
    default:
      return failure satisfies never;
  }
}

/** A channel's custom fields (友だち情報): typed definitions, managed in settings. */
export function customFieldRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.get(
      "/api/channels/:channelId/custom-fields",
      { config: { permission: "friends:read" }, schema: { params: channelParams } },
      async (request) => ({ fields: await listCustomFields(db, request.params.channelId) }),
    );

    app.post(
      "/api/channels/:channelId/custom-fields",
      {
        config: { permission: "fields:manage" },
        schema: { params: channelParams, body: customFieldCreateSchema },
      },
      async (request, reply) => {
        const result = await createCustomField(db, {
          ...request.body,
          channelId: request.params.channelId,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!result.ok) return sendFieldError(reply, result);
        return reply.code(201).send({ field: result.field });
      },
    );

    app.patch(
      "/api/channels/:channelId/custom-fields/:fieldId",
      {
        config: { permission: "fields:manage" },
        schema: { params: fieldParams, body: customFieldUpdateSchema },
      },
      async (request, reply) => {
        const result = await updateCustomField(db, {
          ...request.body,
          ...request.params,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!result.ok) return sendFieldError(reply, result);
        await notifyFriendsChanged(db, request.params.channelId);
        return { field: result.field };
      },
    );

    app.delete(
      "/api/channels/:channelId/custom-fields/:fieldId",
      { config: { permission: "fields:manage" }, schema: { params: fieldParams } },
      async (request, reply) => {
        const deleted = await deleteCustomField(db, {
          ...request.params,
          actor: `staff:${request.staff!.user.id}`,
        });
        if (!deleted) return sendFieldError(reply, { ok: false, code: "field_not_found" });
        await notifyFriendsChanged(db, request.params.channelId);
        return reply.code(204).send();
      },
    );
  };
}
