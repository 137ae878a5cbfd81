import { API_KEY_SCOPES } from "@kizuna/core/api-keys/scopes";
import {
  MEMBER_BATCH_MAX,
  memberBatchItemSchema,
  memberInputSchema,
  memberSchema,
  ROW_ERROR_CODES,
} from "@kizuna/core/members";
import { z } from "zod";
import { eventsOpenApiPaths } from "../events/openapi.ts";
import { linkingOpenApiPaths } from "../linking/openapi.ts";

const rowErrorSchema = z.object({
  code: z.enum(ROW_ERROR_CODES),
  field: z.string().describe("email, phone, …, attributes.<key>, or row"),
});

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

const outcome = z.enum(["created", "updated", "unchanged"]);

const batchResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int().describe("Position of the item in the request"),
      externalId: z.string().nullable(),
      outcome: z.enum(["created", "updated", "unchanged", "rejected"]),
      errors: z.array(rowErrorSchema).optional(),
    }),
  ),
});

const schema = (type: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...json } = z.toJSONSchema(type, { io, unrepresentable: "any" });
  return json;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (body: object) => ({ "application/json": { schema: body } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: ERROR_TEXT[status] ?? "Error", content: json(ref("Error")) },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: "The request body or path is malformed",
  401: "No API key, or an unknown or revoked one",
  403: "The API key lacks the scope",
  404: "No member with this external id",
  422: "The member's values are not valid (details: the errors by field)",
};
const externalIdParameter = {
  name: "externalId",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1, maxLength: 100 },
  description: "The company's member id (会員番号)",
};

let document: object | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes use. */
export function openApiDocument(): object {
  document ??= {
    openapi: "3.1.0",
    info: {
      title: "Kizuna public API",
      version: "1",
      description:
        "Write and read the company's member records. Authenticate with an API key created in " +
        "Kizuna's settings: `Authorization: Bearer kz_…`. Writes merge: fields left out keep " +
        "their value, null clears one. E-mail addresses are stored lower-cased, Japanese phone " +
        "numbers as domestic digits, prefectures by their official name.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/members/{externalId}": {
        parameters: [externalIdParameter],
        get: {
          operationId: "getMember",
          summary: "A member by external id",
          description: "Needs the members:read scope.",
          responses: {
            "200": {
              description: "The member",
              content: json({
                type: "object",
                properties: { member: ref("Member") },
                required: ["member"],
              }),
            },
            ...errors(401, 403, 404),
          },
        },
        put: {
          operationId: "upsertMember",
          summary: "Create or update one member",
          description:
            "Needs the members:write scope. 201 when the member was created, 200 otherwise " +
            "(`outcome` says whether anything changed).",
          requestBody: { required: true, content: json(ref("MemberInput")) },
          responses: {
            "200": {
              description: "Updated, or unchanged",
              content: json(ref("MemberWritten")),
            },
            "201": { description: "Created", content: json(ref("MemberWritten")) },
            ...errors(400, 401, 403, 422),
          },
        },
      },
      "/api/v1/members:batchUpsert": {
        post: {
          operationId: "batchUpsertMembers",
          summary: `Create or update up to ${MEMBER_BATCH_MAX} members`,
          description:
            "Needs the members:write scope. Good items are written in one statement whatever the " +
            "bad ones; each result says what happened to the item at its index. An external id " +
            "given twice in one request is rejected the second time.",
          requestBody: {
            required: true,
            content: json({
              type: "object",
              properties: {
                members: {
                  type: "array",
                  minItems: 1,
                  maxItems: MEMBER_BATCH_MAX,
                  items: ref("MemberBatchItem"),
                },
              },
              required: ["members"],
            }),
          },
          responses: {
            "200": { description: "What happened to each item", content: json(ref("BatchResult")) },
            ...errors(400, 401, 403),
          },
        },
      },
      ...linkingOpenApiPaths(),
      ...eventsOpenApiPaths(),
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: `An API key (kz_…) with the scopes ${API_KEY_SCOPES.join(", ")}`,
        },
      },
      schemas: {
        MemberInput: schema(memberInputSchema, "input"),
        MemberBatchItem: schema(memberBatchItemSchema, "input"),
        Member: schema(memberSchema),
        MemberWritten: {
          type: "object",
          properties: { member: ref("Member"), outcome: schema(outcome) },
          required: ["member", "outcome"],
        },
        BatchResult: schema(batchResultSchema),
        RowError: schema(rowErrorSchema),
        Error: schema(errorSchema),
      },
    },
  };
  return document;
}
