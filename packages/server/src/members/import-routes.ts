import { Readable } from "node:stream";
import fastifyMultipart from "@fastify/multipart";
import {
  CSV_ENCODINGS,
  type CsvEncoding,
  detectCsvEncoding,
  type ImportMapping,
  importMappingSchema,
  planImport,
  suggestMapping,
  todayInJapan,
  validateMemberRow,
} from "@kizuna/core/members";
import {
  completeImportUpload,
  createImport,
  discardImport,
  findImport,
  listImportRejections,
  listImports,
  memberAttributeMap,
  queueImportRun,
  recordAudit,
  storeImportFile,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { readFileHead } from "./file-head.ts";
import { importQueue } from "./import-queue.ts";
import { reasonErrors, rejectionReport } from "./rejection-report.ts";

/** Large enough for a few million members; a cap keeps a mistaken upload from filling the disk. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const PREVIEW_ROWS = 20;

const importParams = z.object({ importId: z.uuid() });
const encoding = z.enum(CSV_ENCODINGS);
const runBody = z.object({
  encoding,
  mapping: importMappingSchema,
  dryRun: z.boolean(),
});
const previewBody = z.object({
  encoding: encoding.optional(),
  mapping: importMappingSchema.optional(),
});

/**
 * The CSV import flow of the admin UI: upload (streamed into the database in 1 MB chunks),
 * header mapping and a preview of the first rows, then dry or real runs in the worker, their
 * progress, and the report of rejected rows.
 */
export function memberImportRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 },
    });
    const queue = importQueue(deps.database, (error) =>
      app.log.error({ err: error }, "import queue error"),
    );
    app.addHook("onClose", () => queue.close());

    const describe = async (importId: string, chosen?: CsvEncoding, mapping?: ImportMapping) => {
      const current = await findImport(db, importId);
      if (!current) return null;
      const definitions = await memberAttributeMap(db);
      const fileEncoding = chosen ?? current.encoding;
      const head = await readFileHead(db, importId, fileEncoding, PREVIEW_ROWS);
      const suggestedMapping = suggestMapping(head.headers, definitions.values());
      const used = mapping ?? current.mapping ?? suggestedMapping;
      const planned = planImport(head.headers, used, definitions);
      const today = todayInJapan();
      return {
        import: current,
        encoding: fileEncoding,
        headers: head.headers,
        suggestedMapping,
        mapping: used,
        problems: planned.ok ? [] : planned.problems,
        rows: head.rows.map((record) => {
          const result = record.problem
            ? { ok: false as const, errors: [{ code: record.problem, field: "row" }] }
            : planned.ok
              ? validateMemberRow(record.cells, planned.plan, today)
              : null;
          return {
            line: record.line,
            cells: record.cells,
            ...(result === null
              ? {}
              : result.ok
                ? { member: result.member }
                : { errors: result.errors.map(({ code, field }) => ({ code, field })) }),
          };
        }),
      };
    };

    app.get("/api/member-imports", { config: { permission: "members:read" } }, async () => ({
      imports: await listImports(db),
    }));

    app.post(
      "/api/member-imports",
      {
        config: { permission: "members:write" },
        schema: { querystring: z.object({ encoding: encoding.optional() }) },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          return sendError(
            reply,
            415,
            "multipart_expected",
            "Upload the CSV as multipart/form-data.",
          );
        }
        const file = await request.file();
        if (!file) return sendError(reply, 400, "file_missing", "No file in the upload.");
        const importId = await createImport(db, {
          fileName: file.filename.slice(0, 255) || "members.csv",
          encoding: "utf-8",
          createdBy: request.staff?.user.id ?? null,
        });
        try {
          const stored = await storeImportFile(db, importId, file.file);
          if (file.file.truncated) {
            await discardImport(db, importId);
            return sendError(reply, 413, "file_too_large", "The file is larger than 2 GB.");
          }
          if (stored.byteSize === 0) {
            await discardImport(db, importId);
            return sendError(reply, 400, "file_empty", "The file is empty.");
          }
          const detected =
            request.query.encoding ??
            detectCsvEncoding(stored.sample, stored.byteSize === stored.sample.length);
          await completeImportUpload(db, importId, {
            byteSize: stored.byteSize,
            encoding: detected,
            estimatedRows: Math.max(0, stored.lines - 1),
          });
        } catch (error) {
          await discardImport(db, importId).catch(() => {});
          throw error;
        }
        request.log.info({ importId }, "member file uploaded");
        return reply.code(201).send(await describe(importId));
      },
    );

    app.get(
      "/api/member-imports/:importId",
      { config: { permission: "members:read" }, schema: { params: importParams } },
      async (request, reply) => {
        const found = await findImport(db, request.params.importId);
        if (!found) return sendError(reply, 404, "import_not_found", "No such import.");
        return { import: found };
      },
    );

    app.post(
      "/api/member-imports/:importId/preview",
      {
        config: { permission: "members:write" },
        schema: { params: importParams, body: previewBody },
      },
      async (request, reply) => {
        const found = await findImport(db, request.params.importId);
        if (!found || found.status === "uploading") {
          return sendError(reply, 404, "import_not_found", "No such import.");
        }
        if (found.status === "done" && !found.dryRun) {
          return sendError(reply, 409, "import_finished", "This file has been imported already.");
        }
        return describe(found.id, request.body.encoding, request.body.mapping);
      },
    );

    app.post(
      "/api/member-imports/:importId/runs",
      { config: { permission: "members:write" }, schema: { params: importParams, body: runBody } },
      async (request, reply) => {
        const { importId } = request.params;
        const { encoding: chosen, mapping, dryRun } = request.body;
        const found = await findImport(db, importId);
        if (!found) return sendError(reply, 404, "import_not_found", "No such import.");
        const head = await readFileHead(db, importId, chosen, 0);
        const planned = planImport(head.headers, mapping, await memberAttributeMap(db));
        if (!planned.ok) {
          return sendError(
            reply,
            422,
            "mapping_invalid",
            "The mapping does not fit the file.",
            planned.problems,
          );
        }
        const queued = await queueImportRun(db, importId, { encoding: chosen, mapping, dryRun });
        if (!queued) {
          return sendError(
            reply,
            409,
            "import_not_runnable",
            "This import is running or has been imported already.",
          );
        }
        await queue.send(importId);
        const staffId = request.staff?.user.id;
        if (staffId && !dryRun) {
          await recordAudit(db, {
            actor: `staff:${staffId}`,
            action: "member_import.started",
            targetType: "member_import",
            targetId: importId,
            detail: { byteSize: found.byteSize },
          });
        }
        request.log.info({ importId, dryRun }, "member import queued");
        return reply.code(202).send({ import: queued });
      },
    );

    app.get(
      "/api/member-imports/:importId/rejections",
      {
        config: { permission: "members:read" },
        schema: {
          params: importParams,
          querystring: z.object({
            after: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (request) => {
        const page = await listImportRejections(db, request.params.importId, {
          afterRow: request.query.after,
          limit: request.query.limit,
        });
        return {
          rejections: page.map((r) => ({
            line: r.rowNumber,
            errors: reasonErrors(r.reason),
            raw: r.raw,
          })),
          next: page.length === request.query.limit ? (page.at(-1)?.rowNumber ?? null) : null,
        };
      },
    );

    app.get(
      "/api/member-imports/:importId/rejections.csv",
      {
        config: { permission: "members:read" },
        schema: {
          params: importParams,
          querystring: z.object({ lang: z.enum(["ja", "en"]).default("ja") }),
        },
      },
      async (request, reply) => {
        const found = await findImport(db, request.params.importId);
        if (!found) return sendError(reply, 404, "import_not_found", "No such import.");
        const base = found.fileName.replace(/\.[^.]*$/, "");
        const name = `${base}-rejected.csv`;
        return reply
          .type("text/csv; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="rejected.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .send(Readable.from(rejectionReport(db, found.id, request.query.lang)));
      },
    );
  };
}
