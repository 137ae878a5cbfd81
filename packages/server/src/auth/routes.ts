import { hashPassword, newToken, tokenHash, verifyPassword } from "@kizuna/core";
import {
  createOwner,
  createSession,
  deleteSession,
  findStaffByEmail,
  hasOwner,
  type StaffUser,
} from "@kizuna/db";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import {
  clearSessionCookie,
  SESSION_TTL_MS,
  sessionTokenOf,
  setSessionCookie,
} from "./session-cookie.ts";

export const PASSWORD_MIN_LENGTH = 12;

const credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

// Compared against when the e-mail is unknown, so both cases take the same time.
const unknownUserHash = hashPassword(newToken());

export function authRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const secure = deps.publicUrl.startsWith("https:");

  async function signIn(reply: FastifyReply, user: StaffUser) {
    const token = newToken();
    const csrfToken = newToken();
    await createSession(db, {
      tokenHash: tokenHash(token),
      staffUserId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
    setSessionCookie(reply, token, secure);
    return { state: "authenticated" as const, user, csrfToken };
  }

  return async (app) => {
    app.get("/api/session", { config: { public: true } }, async (request) => {
      if (request.staff) {
        return {
          state: "authenticated",
          user: request.staff.user,
          csrfToken: request.staff.csrfToken,
        };
      }
      return { state: (await hasOwner(db)) ? "anonymous" : "setup" };
    });

    app.post(
      "/api/setup",
      {
        config: { public: true },
        schema: {
          body: credentials.extend({ password: z.string().min(PASSWORD_MIN_LENGTH).max(1024) }),
        },
      },
      async (request, reply) => {
        if (await hasOwner(db))
          return sendError(reply, 409, "owner_exists", "The owner account exists already.");
        const owner = await createOwner(
          db,
          request.body.email,
          await hashPassword(request.body.password),
        );
        if (!owner)
          return sendError(reply, 409, "owner_exists", "The owner account exists already.");
        request.log.info({ staffUserId: owner.id }, "owner account created");
        return reply.code(201).send(await signIn(reply, owner));
      },
    );

    app.post(
      "/api/login",
      { config: { public: true }, schema: { body: credentials } },
      async (request, reply) => {
        const staff = await findStaffByEmail(db, request.body.email);
        const valid = await verifyPassword(
          request.body.password,
          staff?.passwordHash ?? (await unknownUserHash),
        );
        if (!staff || !valid) {
          return sendError(reply, 401, "invalid_credentials", "The e-mail or password is wrong.");
        }
        request.log.info({ staffUserId: staff.id }, "signed in");
        return signIn(reply, { id: staff.id, email: staff.email, role: staff.role });
      },
    );

    app.post("/api/logout", async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) await deleteSession(db, tokenHash(token));
      clearSessionCookie(reply, secure);
      return reply.code(204).send();
    });
  };
}
