import { can, type Permission, tokenHash } from "@kizuna/core";
import { findSession, type StaffSession } from "@kizuna/db";
import type { FastifyInstance } from "fastify";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { sessionTokenOf } from "./session-cookie.ts";

declare module "fastify" {
  interface FastifyRequest {
    staff: StaffSession | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, setup, webhooks, health). */
    public?: boolean;
    /** What the signed-in staff member must be allowed to do. */
    permission?: Permission;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every admin route (under /api/) refuses a request without a valid session unless it
 * is marked public;
 * state-changing requests must also echo the session's CSRF token in `x-csrf-token`.
 */
export function installAuthGuard(app: FastifyInstance, deps: ServerDeps): void {
  app.decorateRequest("staff", null);
  app.addHook("onRequest", async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) request.staff = await findSession(deps.database.db, tokenHash(token));
    const config = request.routeOptions.config;
    const url = request.routeOptions.url;
    if (config.public || !url?.startsWith("/api/")) return;
    const staff = request.staff;
    if (!staff) return sendError(reply, 401, "unauthenticated", "Sign in first.");
    if (!SAFE_METHODS.has(request.method) && request.headers["x-csrf-token"] !== staff.csrfToken) {
      return sendError(reply, 403, "csrf_token_invalid", "Missing or wrong x-csrf-token header.");
    }
    if (config.permission && !can(staff.user.role, config.permission)) {
      return sendError(reply, 403, "forbidden", `Your role may not ${config.permission}.`);
    }
  });
}
