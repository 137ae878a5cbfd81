import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { isJsonObject, type JsonObject } from "../json.ts";
import { bearerAuth, channelOf } from "../messaging/auth.ts";
import { type LineError, lineError, sendLineError } from "../messaging/errors.ts";
import { lineJsonParser } from "../messaging/json-body.ts";
import {
  type AudienceGroupType,
  audienceGroupsOf,
  deleteAudienceGroup,
  findAudienceGroup,
} from "../state/audiences.ts";
import {
  addToUploadGroup,
  audienceStatus,
  checkDescription,
  checkIds,
  checkUploadDescription,
  createdResponse,
  createRetargetingGroup,
  createUploadGroup,
  describeGroup,
  describeJob,
  MAX_IDS_PER_FILE,
  MAX_IDS_PER_JSON,
} from "./audiences.ts";
import { AUDIENCE_GROUP_NOT_FOUND, audienceError } from "./errors.ts";
import { type FormPart, parseMultipart, textField } from "./multipart.ts";

// The audience endpoints of manage-audience.yml: JSON ones on api.line.me's paths and the
// by-file ones on api-data.line.me's, all on the emulator's one origin.

/** A by-file upload may hold 1,500,000 IDs (~52 MB), far beyond the 2 MB JSON limit. */
const FILE_BODY_LIMIT = 64 * 1024 * 1024;

type IdParams = { audienceGroupId: string };

export function audienceApi(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lineJsonParser(app);
    app.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: FILE_BODY_LIMIT },
      (request: FastifyRequest, body: Buffer, done: (e: Error | null, v?: unknown) => void) => {
        done(null, parseMultipart(body, String(request.headers["content-type"])) ?? null);
      },
    );
    app.addHook("onRequest", bearerAuth(ctx.state));

    app.post("/v2/bot/audienceGroup/upload", async (request, reply) => {
      const body = jsonBody(request.body);
      if (!body) return sendLineError(reply, lineError(400, "The request body is invalid"));
      const isIfaAudience = body.isIfaAudience === true;
      const problem =
        checkDescription(body.description) ?? checkUploadDescription(body.uploadDescription);
      if (problem) return sendLineError(reply, problem);
      const ids = audienceIds(body.audiences);
      if (!ids)
        return sendLineError(
          reply,
          audienceError("UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT", "audiences"),
        );
      const checked = checkIds(ids, isIfaAudience, MAX_IDS_PER_JSON, (i) => `audiences[${i}].id`);
      if (!checked.ok) return sendLineError(reply, checked.error);
      const created = createUploadGroup(ctx, channelOf(request).channelId, {
        description: body.description as string,
        isIfaAudience,
        ...(typeof body.uploadDescription === "string"
          ? { uploadDescription: body.uploadDescription }
          : {}),
        ids: checked.value,
      });
      if (!created.ok) return sendLineError(reply, created.error);
      return reply.code(202).send(createdResponse(created.value));
    });

    app.put("/v2/bot/audienceGroup/upload", async (request, reply) => {
      const body = jsonBody(request.body);
      if (!body) return sendLineError(reply, lineError(400, "The request body is invalid"));
      const group = groupOf(ctx, request, body.audienceGroupId);
      if (!group) return sendLineError(reply, AUDIENCE_GROUP_NOT_FOUND);
      const problem = checkUploadDescription(body.uploadDescription);
      if (problem) return sendLineError(reply, problem);
      const ids = audienceIds(body.audiences);
      if (!ids)
        return sendLineError(
          reply,
          audienceError("UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT", "audiences"),
        );
      if (ids.length === 0) {
        return sendLineError(
          reply,
          audienceError("UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS", "audiences"),
        );
      }
      const checked = checkIds(
        ids,
        group.isIfaAudience,
        MAX_IDS_PER_JSON,
        (i) => `audiences[${i}].id`,
      );
      if (!checked.ok) return sendLineError(reply, checked.error);
      const added = addToUploadGroup(
        ctx,
        group,
        checked.value,
        typeof body.uploadDescription === "string" ? body.uploadDescription : undefined,
      );
      if (!added.ok) return sendLineError(reply, added.error);
      return reply.code(202).send({});
    });

    app.post(
      "/v2/bot/audienceGroup/upload/byFile",
      { bodyLimit: FILE_BODY_LIMIT },
      async (request, reply) => {
        const form = formBody(request.body);
        if (!form) return sendLineError(reply, NOT_MULTIPART);
        const description = textField(form, "description");
        const uploadDescription = textField(form, "uploadDescription");
        const problem = checkDescription(description) ?? checkUploadDescription(uploadDescription);
        if (problem) return sendLineError(reply, problem);
        const isIfaAudience = textField(form, "isIfaAudience") === "true";
        const ids = fileIds(form, isIfaAudience);
        if (!ids.ok) return sendLineError(reply, ids.error);
        const created = createUploadGroup(ctx, channelOf(request).channelId, {
          description: description!,
          isIfaAudience,
          ...(uploadDescription !== undefined ? { uploadDescription } : {}),
          ids: ids.value,
        });
        if (!created.ok) return sendLineError(reply, created.error);
        return reply.code(202).send(createdResponse(created.value));
      },
    );

    app.put(
      "/v2/bot/audienceGroup/upload/byFile",
      { bodyLimit: FILE_BODY_LIMIT },
      async (request, reply) => {
        const form = formBody(request.body);
        if (!form) return sendLineError(reply, NOT_MULTIPART);
        const group = groupOf(ctx, request, textField(form, "audienceGroupId"));
        if (!group) return sendLineError(reply, AUDIENCE_GROUP_NOT_FOUND);
        const uploadDescription = textField(form, "uploadDescription");
        const problem = checkUploadDescription(uploadDescription);
        if (problem) return sendLineError(reply, problem);
        const ids = fileIds(form, group.isIfaAudience);
        if (!ids.ok) return sendLineError(reply, ids.error);
        if (ids.value.length === 0) {
          return sendLineError(
            reply,
            audienceError("UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS", "file"),
          );
        }
        const added = addToUploadGroup(ctx, group, ids.value, uploadDescription);
        if (!added.ok) return sendLineError(reply, added.error);
        return reply.code(202).send({});
      },
    );

    const retargeting =
      (type: Exclude<AudienceGroupType, "UPLOAD">) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const body = jsonBody(request.body);
        if (!body) return sendLineError(reply, lineError(400, "The request body is invalid"));
        const problem = checkDescription(body.description);
        if (problem) return sendLineError(reply, problem);
        if (typeof body.requestId !== "string" || body.requestId === "") {
          return sendLineError(reply, audienceError("REQUEST_NOT_FOUND", "requestId"));
        }
        const clickUrl =
          type === "CLICK" && typeof body.clickUrl === "string" ? body.clickUrl : undefined;
        const created = createRetargetingGroup(ctx, channelOf(request).channelId, {
          type,
          description: body.description as string,
          requestId: body.requestId,
          ...(clickUrl !== undefined ? { clickUrl } : {}),
        });
        if (!created.ok) return sendLineError(reply, created.error);
        const response = createdResponse(created.value);
        if (type === "IMP") {
          const { audienceGroupId, type: t, description, created: at, requestId } = response;
          return reply
            .code(202)
            .send({ audienceGroupId, type: t, description, created: at, requestId });
        }
        return reply.code(202).send(response);
      };
    app.post("/v2/bot/audienceGroup/click", retargeting("CLICK"));
    app.post("/v2/bot/audienceGroup/imp", retargeting("IMP"));

    app.put<{ Params: IdParams }>(
      "/v2/bot/audienceGroup/:audienceGroupId/updateDescription",
      async (request, reply) => {
        const group = groupOf(ctx, request, request.params.audienceGroupId);
        if (!group) return sendLineError(reply, AUDIENCE_GROUP_NOT_FOUND);
        const body = jsonBody(request.body);
        const problem = checkDescription(body?.description);
        if (problem) return sendLineError(reply, problem);
        group.description = body!.description as string;
        ctx.state.changed();
        return {};
      },
    );

    app.delete<{ Params: IdParams }>(
      "/v2/bot/audienceGroup/:audienceGroupId",
      async (request, reply) => {
        const group = groupOf(ctx, request, request.params.audienceGroupId);
        if (!group) return sendLineError(reply, AUDIENCE_GROUP_NOT_FOUND);
        deleteAudienceGroup(ctx.state, group);
        return {};
      },
    );

    app.get<{ Querystring: Record<string, string | undefined> }>(
      "/v2/bot/audienceGroup/list",
      async (request, reply) => {
        const query = request.query;
        const page = Number(query.page);
        const size = query.size === undefined ? 20 : Number(query.size);
        if (!Number.isInteger(page) || page < 1) return sendLineError(reply, invalidQuery("page"));
        if (!Number.isInteger(size) || size < 1 || size > 40) {
          return sendLineError(reply, invalidQuery("size"));
        }
        const now = ctx.now();
        const wanted = query.description?.toLowerCase();
        const matching = audienceGroupsOf(ctx.state, channelOf(request).channelId).filter(
          (group) =>
            (wanted === undefined || group.description.toLowerCase().includes(wanted)) &&
            (query.status === undefined || audienceStatus(group, now) === query.status) &&
            (query.createRoute === undefined || query.createRoute === "MESSAGING_API"),
        );
        const start = (page - 1) * size;
        return {
          audienceGroups: matching.slice(start, start + size).map((g) => describeGroup(g, now)),
          hasNextPage: start + size < matching.length,
          totalCount: matching.length,
          readWriteAudienceGroupTotalCount: matching.length,
          page,
          size,
        };
      },
    );

    app.get<{ Params: IdParams }>(
      "/v2/bot/audienceGroup/:audienceGroupId",
      async (request, reply) => {
        const group = groupOf(ctx, request, request.params.audienceGroupId);
        if (!group) return sendLineError(reply, AUDIENCE_GROUP_NOT_FOUND);
        const now = ctx.now();
        return {
          audienceGroup: describeGroup(group, now),
          jobs: group.jobs.map((job) => describeJob(group, job, now)).reverse(),
        };
      },
    );
  };
}

const NOT_MULTIPART = lineError(400, "The request body must be multipart/form-data with a file");

function invalidQuery(property: string): LineError {
  return {
    status: 400,
    body: {
      message: "The request query has 1 error(s)",
      details: [{ message: "Invalid value", property }],
    },
  };
}

function jsonBody(body: unknown): JsonObject | undefined {
  return isJsonObject(body as JsonObject) ? (body as JsonObject) : undefined;
}

function formBody(body: unknown): Map<string, FormPart> | undefined {
  return body instanceof Map ? (body as Map<string, FormPart>) : undefined;
}

function groupOf(ctx: EmulatorContext, request: FastifyRequest, id: unknown) {
  const number = typeof id === "number" ? id : typeof id === "string" ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(number)) return undefined;
  return findAudienceGroup(ctx.state, channelOf(request).channelId, number);
}

/** `audiences: [{id}]` → the IDs; undefined when the shape is wrong. Absent means none. */
function audienceIds(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    if (!isJsonObject(item) || typeof item.id !== "string") return undefined;
    ids.push(item.id);
  }
  return ids;
}

/** The IDs of the uploaded text file, one per line; blank lines are skipped. */
function fileIds(form: Map<string, FormPart>, isIfaAudience: boolean) {
  const file = form.get("file");
  if (!file)
    return {
      ok: false as const,
      error: audienceError("UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS", "file"),
    };
  const ids = file.data
    .toString("utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return checkIds(ids, isIfaAudience, MAX_IDS_PER_FILE, () => "file");
}
