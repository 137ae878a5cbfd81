import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { AREA_CODES, type Demographics, demographicsOf } from "../insight/demographics.ts";
import { setDemographics } from "../state/demographics.ts";
import { sendControlError } from "./errors.ts";

const schema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      gender: { enum: ["male", "female", null] },
      // One type list, not anyOf: the coercing validator would read null as the first branch's 0.
      age: { type: ["integer", "null"], minimum: 0, maximum: 130 },
      area: { type: ["string", "null"], enum: [...AREA_CODES, null] },
      appType: { enum: ["ios", "android", "others"] },
    },
  },
};

/** The gender, age, area and app a virtual user has in insight and narrowcast filters. */
export function demographicsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { userId: string } }>("/users/:userId/demographics", async (request, reply) => {
    const { userId } = request.params;
    if (!ctx.state.users.has(userId)) return userNotFound(reply, userId);
    return demographicsOf(ctx.state, userId);
  });

  app.patch<{ Params: { userId: string }; Body: Partial<Demographics> }>(
    "/users/:userId/demographics",
    { schema },
    async (request, reply) => {
      const { userId } = request.params;
      if (!ctx.state.users.has(userId)) return userNotFound(reply, userId);
      setDemographics(ctx.state, userId, request.body);
      return demographicsOf(ctx.state, userId);
    },
  );
}

function userNotFound(reply: Parameters<typeof sendControlError>[0], userId: string) {
  return sendControlError(reply, 404, {
    code: "user_not_found",
    message: `No virtual user ${userId}`,
  });
}
