import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { channelOf } from "../messaging/auth.ts";
import { type LineError, lineError, sendLineError } from "../messaging/errors.ts";
import { requestIdOf } from "../request-id.ts";
import type { Result } from "../result.ts";
import { findRichMenu, richMenusOf } from "../state/rich-menus.ts";
import { botApiScope } from "../users-api/bot-scope.ts";
import {
  createRichMenuAlias,
  deleteRichMenuAlias,
  richMenuAlias,
  richMenuAliases,
  updateRichMenuAlias,
} from "./aliases.ts";
import {
  acceptBatch,
  applyBatch,
  applyBulkLink,
  applyBulkUnlink,
  batchProgress,
  readBatchRequest,
  readBulkLink,
  readBulkUnlink,
} from "./batch.ts";
import { MENU_NOT_FOUND } from "./errors.ts";
import {
  cancelDefaultRichMenu,
  createRichMenu,
  defaultRichMenuId,
  deleteRichMenu,
  linkRichMenuToUser,
  richMenuIdOfUser,
  richMenuResponse,
  setDefaultRichMenu,
  unlinkRichMenuFromUser,
  uploadRichMenuImage,
} from "./menus.ts";
import { validateRichMenu } from "./validate.ts";

type MenuParams = { richMenuId: string };
type UserParams = { userId: string };
type AliasParams = { richMenuAliasId: string };

const IMAGE_TYPES = ["image/jpeg", "image/png"];

/**
 * Rich menu endpoints of the Messaging API (REF#rich-menu), including the image upload and
 * download that LINE serves on api-data.line.me; the paths of the two hosts do not overlap.
 */
export function richMenuApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    botApiScope(app, ctx);
    app.addContentTypeParser(IMAGE_TYPES, { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );
    const { state } = ctx;

    app.post("/v2/bot/richmenu", async (request, reply) => {
      const input = validateRichMenu(request.body);
      if (!input.ok) return sendLineError(reply, input.error);
      const created = createRichMenu(state, channelOf(request).channelId, input.value, ctx.now());
      if (!created.ok) return sendLineError(reply, created.error);
      return { richMenuId: created.value.richMenuId };
    });

    app.post("/v2/bot/richmenu/validate", async (request, reply) => {
      const input = validateRichMenu(request.body);
      return input.ok ? {} : sendLineError(reply, input.error);
    });

    app.get("/v2/bot/richmenu/list", async (request) => ({
      richmenus: richMenusOf(state, channelOf(request).channelId).map(richMenuResponse),
    }));

    app.get<{ Params: MenuParams }>("/v2/bot/richmenu/:richMenuId", async (request, reply) => {
      const menu = findRichMenu(state, channelOf(request).channelId, request.params.richMenuId);
      return menu ? richMenuResponse(menu) : sendLineError(reply, MENU_NOT_FOUND);
    });

    app.delete<{ Params: MenuParams }>("/v2/bot/richmenu/:richMenuId", async (request, reply) =>
      answer(reply, deleteRichMenu(state, channelOf(request).channelId, request.params.richMenuId)),
    );

    // api-data.line.me
    app.post<{ Params: MenuParams }>(
      "/v2/bot/richmenu/:richMenuId/content",
      async (request, reply) => {
        const type = mediaType(request);
        if (!IMAGE_TYPES.includes(type) || !Buffer.isBuffer(request.body)) {
          return sendLineError(
            reply,
            lineError(415, `The content type, ${type || "(none)"}, is not supported`),
          );
        }
        const channelId = channelOf(request).channelId;
        return answer(
          reply,
          uploadRichMenuImage(state, channelId, request.params.richMenuId, request.body),
        );
      },
    );

    // api-data.line.me
    app.get<{ Params: MenuParams }>(
      "/v2/bot/richmenu/:richMenuId/content",
      async (request, reply) => {
        const menu = findRichMenu(state, channelOf(request).channelId, request.params.richMenuId);
        if (!menu?.image) return sendLineError(reply, MENU_NOT_FOUND);
        return reply.type(menu.image.contentType).send(menu.image.data);
      },
    );

    // Default rich menu
    app.post<{ Params: MenuParams }>(
      "/v2/bot/user/all/richmenu/:richMenuId",
      async (request, reply) =>
        answer(
          reply,
          setDefaultRichMenu(state, channelOf(request).channelId, request.params.richMenuId),
        ),
    );

    app.get("/v2/bot/user/all/richmenu", async (request, reply) => {
      const id = defaultRichMenuId(state, channelOf(request).channelId);
      return id.ok ? { richMenuId: id.value } : sendLineError(reply, id.error);
    });

    app.delete("/v2/bot/user/all/richmenu", async (request) => {
      cancelDefaultRichMenu(state, channelOf(request).channelId);
      return {};
    });

    // Per-user rich menus
    app.post<{ Params: UserParams & MenuParams }>(
      "/v2/bot/user/:userId/richmenu/:richMenuId",
      async (request, reply) => {
        const { userId, richMenuId } = request.params;
        return answer(
          reply,
          linkRichMenuToUser(state, channelOf(request).channelId, userId, richMenuId),
        );
      },
    );

    app.get<{ Params: UserParams }>("/v2/bot/user/:userId/richmenu", async (request, reply) => {
      const id = richMenuIdOfUser(state, channelOf(request).channelId, request.params.userId);
      return id.ok ? { richMenuId: id.value } : sendLineError(reply, id.error);
    });

    app.delete<{ Params: UserParams }>("/v2/bot/user/:userId/richmenu", async (request, reply) =>
      answer(
        reply,
        unlinkRichMenuFromUser(state, channelOf(request).channelId, request.params.userId),
      ),
    );

    // Bulk link and unlink: accepted now, applied right after, as LINE does in the background.
    app.post("/v2/bot/richmenu/bulk/link", async (request, reply) => {
      const channelId = channelOf(request).channelId;
      const bulk = readBulkLink(state, channelId, request.body);
      if (!bulk.ok) return sendLineError(reply, bulk.error);
      setImmediate(() => applyBulkLink(state, channelId, bulk.value));
      return reply.code(202).send({});
    });

    app.post("/v2/bot/richmenu/bulk/unlink", async (request, reply) => {
      const channelId = channelOf(request).channelId;
      const userIds = readBulkUnlink(request.body);
      if (!userIds.ok) return sendLineError(reply, userIds.error);
      setImmediate(() => applyBulkUnlink(state, channelId, userIds.value));
      return reply.code(202).send({});
    });

    // Batch control, its dry run and its progress
    app.post("/v2/bot/richmenu/batch", async (request, reply) => {
      const channelId = channelOf(request).channelId;
      const batchRequest = readBatchRequest(state, channelId, request.body);
      if (!batchRequest.ok) return sendLineError(reply, batchRequest.error);
      const { batch, operations } = acceptBatch(
        state,
        channelId,
        batchRequest.value,
        requestIdOf(request),
        ctx.now(),
      );
      setImmediate(() => applyBatch(state, batch, operations, ctx.now()));
      return reply.code(202).send({});
    });

    app.post("/v2/bot/richmenu/validate/batch", async (request, reply) => {
      const batchRequest = readBatchRequest(state, channelOf(request).channelId, request.body);
      return batchRequest.ok ? {} : sendLineError(reply, batchRequest.error);
    });

    app.get<{ Querystring: { requestId?: string } }>(
      "/v2/bot/richmenu/progress/batch",
      async (request, reply) => {
        const { requestId } = request.query;
        if (!requestId) return sendLineError(reply, lineError(400, "requestId is required"));
        const progress = batchProgress(state, channelOf(request).channelId, requestId);
        if (!progress.ok) return sendLineError(reply, progress.error);
        const { phase, acceptedTime, completedTime } = progress.value;
        return { phase, acceptedTime, ...(completedTime ? { completedTime } : {}) };
      },
    );

    // Aliases
    app.post("/v2/bot/richmenu/alias", async (request, reply) =>
      answer(reply, createRichMenuAlias(state, channelOf(request).channelId, request.body)),
    );

    app.get("/v2/bot/richmenu/alias/list", async (request) => ({
      aliases: richMenuAliases(state, channelOf(request).channelId),
    }));

    app.get<{ Params: AliasParams }>(
      "/v2/bot/richmenu/alias/:richMenuAliasId",
      async (request, reply) => {
        const alias = richMenuAlias(
          state,
          channelOf(request).channelId,
          request.params.richMenuAliasId,
        );
        return alias.ok ? alias.value : sendLineError(reply, alias.error);
      },
    );

    app.post<{ Params: AliasParams }>(
      "/v2/bot/richmenu/alias/:richMenuAliasId",
      async (request, reply) =>
        answer(
          reply,
          updateRichMenuAlias(
            state,
            channelOf(request).channelId,
            request.params.richMenuAliasId,
            request.body,
          ),
        ),
    );

    app.delete<{ Params: AliasParams }>(
      "/v2/bot/richmenu/alias/:richMenuAliasId",
      async (request, reply) =>
        answer(
          reply,
          deleteRichMenuAlias(state, channelOf(request).channelId, request.params.richMenuAliasId),
        ),
    );
  };
}

/** `200 {}` on success (LINE's "empty JSON object"), LINE's error otherwise. */
function answer(reply: FastifyReply, result: Result<unknown, LineError>): FastifyReply {
  return result.ok ? reply.send({}) : sendLineError(reply, result.error);
}

function mediaType(request: FastifyRequest): string {
  return (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}
