import type { CheckedNode } from "@kizuna/core/segments";
import {
  checkSegmentDefinition,
  countSegmentFriendsWithin,
  type DB,
  deleteSegment,
  findSegment,
  listSegments,
  previewSegmentWithin,
  recordSegmentCount,
  saveSegment,
} from "@kizuna/db";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Kysely } from "kysely";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { audienceListRoutes } from "./list-routes.ts";
import { inUseMessage, placeProblems, readDefinition, sendSegmentProblems } from "./problems.ts";

const segmentParams = channelParams.extend({ segmentId: z.uuid() });
const previewBody = z.object({
  definition: z.unknown(),
  /** The saved segment being edited, so that a reference back to it is refused. */
  segmentId: z.uuid().optional(),
  sample: z.number().int().min(0).max(50).default(10),
});
const segmentBody = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullable().default(null),
  definition: z.unknown(),
});

/**
 * Segments of a channel: a live count (and a few friends) for a definition being edited,
 * saved segments with their last count, and uploaded id lists.
 */
export function segmentRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.post(
      "/api/channels/:channelId/segments/preview",
      {
        config: { permission: "segments:read" },
        schema: { params: channelParams, body: previewBody },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const read = readDefinition(request.body.definition);
        if (!read.ok) return sendSegmentProblems(reply, read.problems);
        const editing = request.body.segmentId
          ? await findSegment(db, channelId, request.body.segmentId)
          : null;
        const checked = await checkSegmentDefinition(db, channelId, read.definition, {
          ...(editing ? { self: { id: editing.id, name: editing.name } } : {}),
        });
        if (!checked.ok) return sendSegmentProblems(reply, placeProblems(checked.problems));
        const now = new Date();
        const started = performance.now();
        // The builder drops a preview when the definition changes under it: stop counting then.
        const gone = new AbortController();
        reply.raw.once("close", () => {
          if (!reply.raw.writableFinished) gone.abort();
        });
        const previewed = await previewSegmentWithin(
          db,
          checked.root,
          { channelId, now },
          {
            ms: COUNT_TIMEOUT_MS,
            sample: request.body.sample,
            ...(deps.database.backend.kind === "postgres"
              ? { cancel: { signal: gone.signal, url: deps.database.backend.url } }
              : {}),
          },
        );
        if (!previewed.ok) {
          if (previewed.code === "cancelled") {
            request.log.info({ channelId }, "segment preview cancelled: the client left");
            // Nobody reads it; it ends the request all the same.
            return sendError(reply, 503, "preview_cancelled", "The client left before the count.");
          }
          return sendCountTimeout(reply);
        }
        const ms = elapsedMs(started);
        request.log.info({ channelId, count: previewed.count, ms }, "segment counted");
        return { count: previewed.count, tookMs: ms, countedAt: now, sample: previewed.sample };
      },
    );

    app.get(
      "/api/channels/:channelId/segments",
      { config: { permission: "segments:read" }, schema: { params: channelParams } },
      async (request) => ({ segments: await listSegments(db, request.params.channelId) }),
    );

    app.get(
      "/api/channels/:channelId/segments/:segmentId",
      { config: { permission: "segments:read" }, schema: { params: segmentParams } },
      async (request, reply) => {
        const segment = await findSegment(db, request.params.channelId, request.params.segmentId);
        if (!segment) return sendError(reply, 404, "segment_not_found", "No such segment.");
        return { segment };
      },
    );

    const save = async (
      channelId: string,
      body: z.infer<typeof segmentBody>,
      actor: `staff:${string}`,
      reply: FastifyReply,
      segmentId?: string,
    ) => {
      const read = readDefinition(body.definition);
      if (!read.ok) return sendSegmentProblems(reply, read.problems);
      const saved = await saveSegment(
        db,
        {
          channelId,
          name: body.name,
          description: body.description || null,
          definition: read.definition,
          actor,
        },
        segmentId,
      );
      if (!saved.ok) {
        switch (saved.code) {
          case "invalid_definition":
            return sendSegmentProblems(reply, placeProblems(saved.problems));
          case "name_taken":
            return sendError(reply, 409, "name_taken", "A segment of this channel has this name.", [
              { path: "/name", code: "name_taken", message: "already used" },
            ]);
          case "not_found":
            return sendError(reply, 404, "segment_not_found", "No such segment.");
          default:
            return saved satisfies never;
        }
      }
      // Saved segments show their count in the list: counted now, and again on request.
      // A count that timed out leaves the segment saved and its count unknown.
      const counted = await timedCount(db, saved.root, { channelId, now: new Date() });
      if (counted) await recordSegmentCount(db, saved.segment.id, counted.count, counted.ms);
      const segment = await findSegment(db, channelId, saved.segment.id);
      return reply.code(segmentId ? 200 : 201).send({ segment });
    };

    app.post(
      "/api/channels/:channelId/segments",
      {
        config: { permission: "segments:manage" },
        schema: { params: channelParams, body: segmentBody },
      },
      (request, reply) =>
        save(request.params.channelId, request.body, `staff:${request.staff!.user.id}`, reply),
    );

    app.put(
      "/api/channels/:channelId/segments/:segmentId",
      {
        config: { permission: "segments:manage" },
        schema: { params: segmentParams, body: segmentBody },
      },
      (request, reply) =>
        save(
          request.params.channelId,
          request.body,
          `staff:${request.staff!.user.id}`,
          reply,
          request.params.segmentId,
        ),
    );

    app.delete(
      "/api/channels/:channelId/segments/:segmentId",
      { config: { permission: "segments:manage" }, schema: { params: segmentParams } },
      async (request, reply) => {
        const { channelId, segmentId } = request.params;
        const deleted = await deleteSegment(
          db,
          channelId,
          segmentId,
          `staff:${request.staff!.user.id}`,
        );
        if (deleted.ok) return reply.code(204).send();
        if (deleted.code === "not_found")
          return sendError(reply, 404, "segment_not_found", "No such segment.");
        return sendError(reply, 409, "segment_in_use", inUseMessage(deleted), {
          usedBy: deleted.usedBy,
          campaigns: deleted.campaigns,
        });
      },
    );

    app.post(
      "/api/channels/:channelId/segments/:segmentId/count",
      { config: { permission: "segments:read" }, schema: { params: segmentParams } },
      async (request, reply) => {
        const { channelId, segmentId } = request.params;
        const segment = await findSegment(db, channelId, segmentId);
        if (!segment) return sendError(reply, 404, "segment_not_found", "No such segment.");
        if (!segment.definition)
          return sendError(reply, 409, "unreadable_definition", "A newer Kizuna wrote it.");
        const checked = await checkSegmentDefinition(db, channelId, segment.definition, {
          self: { id: segmentId, name: segment.name },
        });
        if (!checked.ok) return sendSegmentProblems(reply, placeProblems(checked.problems));
        const counted = await timedCount(db, checked.root, { channelId, now: new Date() });
        if (!counted) return sendCountTimeout(reply);
        await recordSegmentCount(db, segmentId, counted.count, counted.ms);
        return { count: counted.count, tookMs: counted.ms };
      },
    );

    await app.register(audienceListRoutes(deps));
  };
}

/** A count given up after this long is answered 503 `count_timeout`, not waited for. */
const COUNT_TIMEOUT_MS = 30_000;

async function timedCount(
  db: Kysely<DB>,
  root: CheckedNode,
  context: { channelId: string; now: Date },
): Promise<{ count: number; ms: number } | null> {
  const started = performance.now();
  const counted = await countSegmentFriendsWithin(db, root, context, COUNT_TIMEOUT_MS);
  if (!counted.ok) return null;
  return { count: counted.count, ms: elapsedMs(started) };
}

/** Milliseconds since `started`, to a tenth. */
function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function sendCountTimeout(reply: FastifyReply) {
  return sendError(
    reply,
    503,
    "count_timeout",
    `The count took longer than ${COUNT_TIMEOUT_MS / 1000} s; narrow the conditions.`,
  );
}
