import fastifyMultipart from "@fastify/multipart";
import { detectCsvEncoding, ENCODING_SAMPLE_BYTES } from "@kizuna/core/members";
import { readCsvRecords } from "@kizuna/core/members/csv";
import { LIST_ID_KINDS, readListRow } from "@kizuna/core/segments";
import {
  addAudienceListEntries,
  createAudienceList,
  deleteAudienceList,
  discardAudienceList,
  finishAudienceList,
  type ListRejection,
  listAudienceLists,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { inUseMessage } from "./problems.ts";

/** Ten million LINE user ids are about 340 MB; a cap keeps a wrong file from filling the disk. */
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** Ids per INSERT while the file streams in. */
const BATCH = 5000;
/** Refused rows kept for the report; the rest are only counted. */
const REJECTIONS_KEPT = 20;

const listParams = channelParams.extend({ listId: z.uuid() });
const listFields = z.object({
  name: z.string().trim().min(1).max(100),
  idKind: z.enum(LIST_ID_KINDS),
});

/**
 * Uploaded id lists (static audiences): a CSV of member external ids or LINE user ids,
 * streamed into the database in batches as it arrives; nothing holds the whole file.
 */
export function audienceListRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5 },
    });

    app.get(
      "/api/channels/:channelId/audience-lists",
      { config: { permission: "segments:read" }, schema: { params: channelParams } },
      async (request) => ({ lists: await listAudienceLists(db, request.params.channelId) }),
    );

    app.post(
      "/api/channels/:channelId/audience-lists",
      { config: { permission: "segments:manage" }, schema: { params: channelParams } },
      async (request, reply) => {
        if (!request.isMultipart())
          return sendError(
            reply,
            415,
            "multipart_expected",
            "Upload the CSV as multipart/form-data.",
          );
        const file = await request.file();
        if (!file) return sendError(reply, 400, "file_missing", "No file in the upload.");
        // Fields must come before the file in the form, so that they are known when it streams.
        const fields = listFields.safeParse({
          name: fieldValue(file.fields.name),
          idKind: fieldValue(file.fields.idKind),
        });
        if (!fields.success) {
          file.file.resume();
          const details = fields.error.issues.map((issue) => ({
            path: `/${issue.path.join("/")}`,
            message: issue.message,
          }));
          return sendError(reply, 400, "invalid_request", details[0]!.message, details);
        }
        const { channelId } = request.params;
        const actor = `staff:${request.staff!.user.id}` as const;
        const created = await createAudienceList(db, {
          channelId,
          name: fields.data.name,
          idKind: fields.data.idKind,
          fileName: file.filename.slice(0, 255) || null,
          createdBy: request.staff!.user.id,
        });
        if (!created.ok) {
          file.file.resume();
          return sendError(reply, 409, "name_taken", "A list of this channel has this name.");
        }
        const listId = created.id;
        try {
          const { sample, chunks } = await peek(file.file, ENCODING_SAMPLE_BYTES);
          const encoding = detectCsvEncoding(sample, sample.length < ENCODING_SAMPLE_BYTES);
          const rejections: ListRejection[] = [];
          let rejectedRows = 0;
          let batch: string[] = [];
          for await (const record of readCsvRecords(chunks, encoding)) {
            const row = record.problem
              ? ({
                  kind: "refused",
                  value: record.raw.slice(0, 100),
                  reason: "malformed_csv",
                } as const)
              : readListRow(record.cells, record.line, fields.data.idKind);
            if (row.kind === "header") continue;
            if (row.kind === "refused") {
              rejectedRows += 1;
              if (rejections.length < REJECTIONS_KEPT)
                rejections.push({ line: record.line, value: row.value, reason: row.reason });
              continue;
            }
            batch.push(row.value);
            if (batch.length === BATCH) {
              await addAudienceListEntries(db, listId, batch);
              batch = [];
            }
          }
          await addAudienceListEntries(db, listId, batch);
          if (file.file.truncated) {
            await discardAudienceList(db, listId);
            return sendError(reply, 413, "file_too_large", "The file is larger than 1 GB.");
          }
          await finishAudienceList(db, listId, { rejectedRows, rejections, actor });
        } catch (error) {
          await discardAudienceList(db, listId);
          throw error;
        }
        const [list] = await listAudienceLists(db, channelId, listId);
        request.log.info({ channelId, listId, entries: list?.entries }, "audience list uploaded");
        return reply.code(201).send({ list });
      },
    );

    app.delete(
      "/api/channels/:channelId/audience-lists/:listId",
      { config: { permission: "segments:manage" }, schema: { params: listParams } },
      async (request, reply) => {
        const { channelId, listId } = request.params;
        const deleted = await deleteAudienceList(
          db,
          channelId,
          listId,
          `staff:${request.staff!.user.id}`,
        );
        if (deleted.ok) return reply.code(204).send();
        if (deleted.code === "not_found")
          return sendError(reply, 404, "list_not_found", "No such list.");
        return sendError(reply, 409, "list_in_use", inUseMessage(deleted), {
          usedBy: deleted.usedBy,
          campaigns: deleted.campaigns,
        });
      },
    );
  };
}

function fieldValue(field: unknown): unknown {
  const one = Array.isArray(field) ? field[0] : field;
  return one && typeof one === "object" && "value" in one
    ? (one as { value: unknown }).value
    : undefined;
}

/**
 * The first `bytes` of a stream, to tell its encoding, and all of it again as chunks — the
 * bytes looked at are not read twice from the network, only kept.
 */
async function peek(
  stream: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<{ sample: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const sample = Buffer.concat(head).subarray(0, bytes);
  async function* chunks() {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { sample, chunks: chunks() };
}
