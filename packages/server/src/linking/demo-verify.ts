import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";

/** Members the demo seeds carry external ids with this prefix; only they can sign in. */
export const DEMO_MEMBER_PREFIX = "DEMO-";
/** The one password of every demo member (README, "Demo members"). */
export const DEMO_PASSWORD = "kizuna-demo";
/** Where the demo's stand-in for a company's credential check (LINK_VERIFY_URL) answers. */
export const DEMO_VERIFY_PATH = "/demo/link-verify";

const credentials = z.object({
  loginId: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

/**
 * Demo mode only: the company endpoint the hosted sign-in page asks, so that account
 * linking works end to end without a company site. A demo member signs in with their
 * e-mail and the demo password; it answers as LINK_VERIFY_URL is documented to.
 */
export function demoVerifyRoute(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.post(DEMO_VERIFY_PATH, { schema: { body: credentials } }, async (request, reply) => {
      const { loginId, password } = request.body;
      const member = await db
        .selectFrom("members")
        .select("external_id")
        .where("email", "=", loginId.toLowerCase())
        .where("external_id", "like", `${DEMO_MEMBER_PREFIX}%`)
        .executeTakeFirst();
      if (!member || !samePassword(password)) return reply.code(401).send({});
      return { externalId: member.external_id };
    });
  };
}

function samePassword(given: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(DEMO_PASSWORD)];
  return a.length === b.length && timingSafeEqual(a, b);
}
