import { Readable } from "node:stream";
import { type CsvFormat, friendsCsv, listCustomFields, recordAudit } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { filterQueryParam, resolveFilter, sendFilterProblems } from "./filter-param.ts";

// Japan time, written the way Excel reads a date and time: 2024-04-01 09:30:00.
const japanTime = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const FORMATS: Record<"ja" | "en", CsvFormat> = {
  ja: {
    headers: {
      lineUserId: "LINEユーザーID",
      displayName: "表示名",
      status: "ステータス",
      followedAt: "友だち追加日時",
      blockedAt: "ブロック日時",
      tags: "タグ",
      memberExternalId: "会員ID",
      route: "流入経路",
    },
    status: { following: "友だち", blocked: "ブロック" },
    time: (at) => japanTime.format(at),
  },
  en: {
    headers: {
      lineUserId: "LINE user ID",
      displayName: "Display name",
      status: "Status",
      followedAt: "Followed at (JST)",
      blockedAt: "Blocked at (JST)",
      tags: "Tags",
      memberExternalId: "Member ID",
      route: "Inflow route",
    },
    status: { following: "following", blocked: "blocked" },
    time: (at) => japanTime.format(at),
  },
};

/**
 * The friends matching a filter as a CSV download, streamed: rows go out as they are read,
 * a batch at a time, so a million friends never sit in memory. Recorded in the audit trail
 * (personal data leaves Kizuna) with the number of rows written.
 */
export function friendExportRoute(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      "/api/channels/:channelId/friends/export.csv",
      {
        config: { permission: "friends:export" },
        schema: {
          params: channelParams,
          querystring: z.object({
            filter: filterQueryParam.optional(),
            lang: z.enum(["ja", "en"]).default("ja"),
          }),
        },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const resolved = await resolveFilter(deps, channelId, request.query.filter ?? {});
        if (!resolved.ok) return sendFilterProblems(reply, resolved.problems, "/filter");
        const filter = resolved.filter;
        const fields = await listCustomFields(db, channelId);
        const actor = `staff:${request.staff!.user.id}` as const;
        let rows = 0;
        let finished = false;
        async function* csv() {
          try {
            yield* friendsCsv(db, {
              filter,
              fields,
              format: FORMATS[request.query.lang],
              onBatch: (count) => {
                rows += count;
              },
            });
            finished = true;
          } finally {
            await recordAudit(db, {
              actor,
              action: "friends.exported",
              targetType: "channel",
              targetId: channelId,
              detail: { rows, completed: finished },
            });
            request.log.info({ channelId, rows, completed: finished }, "friends exported");
          }
        }
        const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="friends-${stamp}.csv"`)
          .header("cache-control", "no-store")
          .send(Readable.from(csv()));
      },
    );
  };
}
