import {
  checkMemberBatch,
  EXTERNAL_ID_MAX_LENGTH,
  MEMBER_BATCH_MAX,
  memberFromInput,
  memberInputSchema,
  todayInJapan,
} from "@kizuna/core/members";
import { findMember, memberAttributeMap, upsertMembers } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

export const externalIdParams = z.object({
  externalId: z.string().trim().min(1).max(EXTERNAL_ID_MAX_LENGTH),
});
export const batchBody = z.object({
  members: z.array(z.unknown()).min(1).max(MEMBER_BATCH_MAX),
});

/** `/api/v1/members`: the company's systems write and read members with an API key. */
export function publicMemberRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      "/api/v1/members/:externalId",
      { config: { public: true, apiScope: "members:read" }, schema: { params: externalIdParams } },
      async (request, reply) => {
        const member = await findMember(db, request.params.externalId);
        if (!member) return sendError(reply, 404, "member_not_found", "No such member.");
        return { member };
      },
    );

    app.put(
      "/api/v1/members/:externalId",
      {
        config: { public: true, apiScope: "members:write" },
        schema: { params: externalIdParams, body: memberInputSchema },
      },
      async (request, reply) => {
        const { externalId } = request.params;
        const checked = memberFromInput(
          externalId,
          request.body,
          await memberAttributeMap(db),
          todayInJapan(),
        );
        if (!checked.ok) {
          return sendError(
            reply,
            422,
            "invalid_member",
            "Some fields are not valid.",
            checked.errors.map(({ code, field }) => ({ code, field })),
          );
        }
        const outcome = (await upsertMembers(db, [checked.member])).get(externalId);
        const member = await findMember(db, externalId);
        return reply.code(outcome === "created" ? 201 : 200).send({ member, outcome });
      },
    );

    // `::` is Fastify's escaped colon: the path is /api/v1/members:batchUpsert.
    app.post(
      "/api/v1/members::batchUpsert",
      { config: { public: true, apiScope: "members:write" }, schema: { body: batchBody } },
      async (request) => {
        const { accepted, rejected } = checkMemberBatch(
          request.body.members,
          await memberAttributeMap(db),
          todayInJapan(),
        );
        const outcomes = await upsertMembers(
          db,
          accepted.map((item) => item.member),
        );
        const results = [
          ...accepted.map(({ index, member }) => ({
            index,
            externalId: member.externalId,
            outcome: outcomes.get(member.externalId)!,
          })),
          ...rejected.map(({ index, externalId, errors }) => ({
            index,
            externalId,
            outcome: "rejected" as const,
            errors: errors.map(({ code, field }) => ({ code, field })),
          })),
        ].sort((a, b) => a.index - b.index);
        const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
        request.log.info(
          { apiKeyId: request.apiKey?.id, accepted: accepted.length, rejected: rejected.length },
          "members upserted",
        );
        return {
          created: count("created"),
          updated: count("updated"),
          unchanged: count("unchanged"),
          rejected: rejected.length,
          results,
        };
      },
    );
  };
}
