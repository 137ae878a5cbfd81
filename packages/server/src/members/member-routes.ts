import {
  EXTERNAL_ID_MAX_LENGTH,
  memberAttributeCreateSchema,
  normalizeEmail,
  normalizePhone,
} from "@kizuna/core/members";
import {
  countMembers,
  createMemberAttribute,
  findMember,
  listMemberAttributes,
  listMembers,
} from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

const memberQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(EXTERNAL_ID_MAX_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The admin UI's member list, member detail and attribute definitions. */
export function memberRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      "/api/members",
      { config: { permission: "members:read" }, schema: { querystring: memberQuery } },
      async (request) => {
        const { q, cursor, limit } = request.query;
        const email = q ? normalizeEmail(q) : null;
        const phone = q ? normalizePhone(q) : null;
        return listMembers(db, {
          search: q
            ? {
                text: q,
                email: email?.ok ? email.value : null,
                phone: phone?.ok ? phone.value : null,
              }
            : undefined,
          after: cursor,
          limit,
        });
      },
    );

    // Not /api/members/count: that is the page of a member whose external id is "count".
    app.get("/api/member-stats", { config: { permission: "members:read" } }, async () => ({
      members: await countMembers(db),
    }));

    app.get(
      "/api/members/:externalId",
      {
        config: { permission: "members:read" },
        schema: { params: z.object({ externalId: z.string().min(1).max(EXTERNAL_ID_MAX_LENGTH) }) },
      },
      async (request, reply) => {
        const member = await findMember(db, request.params.externalId);
        if (!member) return sendError(reply, 404, "member_not_found", "No such member.");
        return { member };
      },
    );

    app.get("/api/member-attributes", { config: { permission: "members:read" } }, async () => ({
      attributes: await listMemberAttributes(db),
    }));

    app.post(
      "/api/member-attributes",
      { config: { permission: "members:write" }, schema: { body: memberAttributeCreateSchema } },
      async (request, reply) => {
        if (!(await createMemberAttribute(db, request.body))) {
          return sendError(reply, 409, "attribute_exists", "An attribute with this key exists.");
        }
        return reply.code(201).send({ attribute: { choices: null, ...request.body } });
      },
    );
  };
}
