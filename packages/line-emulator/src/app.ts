import Fastify, { type FastifyInstance } from "fastify";
import { accountLinkApi, accountLinkControl } from "./account-link/routes.ts";
import { audienceApi } from "./audiences/routes.ts";
import type { EmulatorContext } from "./context.ts";
import { sendControlError } from "./control/errors.ts";
import { controlApi } from "./control/routes.ts";
import { insightApi } from "./insight/routes.ts";
import { limitsControlApi } from "./limits/control.ts";
import { lineApiGuard } from "./limits/guard.ts";
import { loginControl } from "./login/control.ts";
import { lineLogin } from "./login/routes.ts";
import { lineError, sendLineError } from "./messaging/errors.ts";
import { messagingApi } from "./messaging/routes.ts";
import { assignRequestId } from "./request-id.ts";
import { richMenuApi } from "./rich-menus/routes.ts";
import { usersApi, usersApiControl } from "./users-api/routes.ts";

export const CONTROL_PREFIX = "/_emulator";

/** LINE rejects request bodies over 2 MB with 413 (REF#status-codes). */
const BODY_LIMIT = 2 * 1024 * 1024;

export type AppOptions = { logger: boolean };

/** The emulator's HTTP surface: LINE's API at the root, the control API under /_emulator. */
export function buildApp(ctx: EmulatorContext, options: AppOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger, bodyLimit: BODY_LIMIT });
  app.addHook("onRequest", assignRequestId);
  // Rate limits and retry-key refusal on every LINE API route, whichever scope adds it.
  app.addHook("onRoute", lineApiGuard(ctx, `${CONTROL_PREFIX}/`));
  app.register(messagingApi(ctx));
  app.register(controlApi(ctx), { prefix: CONTROL_PREFIX });
  app.register(insightApi(ctx));
  app.register(limitsControlApi(ctx), { prefix: CONTROL_PREFIX });
  app.register(audienceApi(ctx));
  app.register(richMenuApi(ctx));
  app.register(usersApi(ctx));
  app.register(usersApiControl(ctx), { prefix: CONTROL_PREFIX });
  app.register(lineLogin(ctx));
  app.register(loginControl(ctx), { prefix: CONTROL_PREFIX });
  app.register(accountLinkApi(ctx));
  app.register(accountLinkControl(ctx), { prefix: CONTROL_PREFIX });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(`${CONTROL_PREFIX}/`)) {
      return sendControlError(reply, 404, {
        code: "not_found",
        message: `No control route ${request.method} ${request.url}`,
      });
    }
    return sendLineError(reply, lineError(404, "Not found"));
  });
  return app;
}
