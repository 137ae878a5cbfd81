import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { sendControlError } from "../control/errors.ts";
import { findUser } from "../friends/common.ts";
import {
  chatHtml,
  chatVersion,
  indexPage,
  type PhoneLinks,
  phonePage,
  quickReplyHtml,
  richMenuHtml,
} from "./page.ts";

// The phone pages under /_emulator/phone: an index of virtual friends (where many can read at
// once), one page per friend, its live feed, and what the page loads (script, style, rich menu images, content friends sent).

const CLIENT_DIR = join(import.meta.dirname, "client");

/** No framework, no build: the client is TypeScript whose types are stripped once, on first use. */
const clientScripts = new Map<string, string>();
function script(name: "phone" | "friends"): string {
  // module.stripTypeScriptTypes arrived in Node 22.13 / 23.2.
  const strip = (nodeModule as { stripTypeScriptTypes?: (code: string) => string })
    .stripTypeScriptTypes;
  if (!strip)
    throw new Error("The phone page needs Node.js 22.13 or later (module.stripTypeScriptTypes)");
  let code = clientScripts.get(name);
  if (code === undefined) {
    code = strip(readFileSync(join(CLIENT_DIR, `${name}.ts`), "utf8"));
    clientScripts.set(name, code);
  }
  return code;
}

let stylesheet: string | undefined;
function css(): string {
  stylesheet ??= readFileSync(join(CLIENT_DIR, "phone.css"), "utf8");
  return stylesheet;
}

const CSP =
  "default-src 'self'; img-src * data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

/** Mounted in the control API's scope; `app.prefix` is where that lives (`/_emulator`). */
export function phoneRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const base = app.prefix;
  const links = (request: FastifyRequest): PhoneLinks => ({
    origin: `${request.protocol}://${request.host}`,
    base,
  });

  for (const name of ["phone", "friends"] as const) {
    app.get(`/phone/assets/${name}.js`, async (_request, reply) =>
      reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(script(name)),
    );
  }
  app.get("/phone/assets/phone.css", async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(css()),
  );

  app.get("/phone", async (_request, reply) => html(reply).send(indexPage(ctx, base)));

  app.get<{ Params: { userId: string } }>("/phone/:userId", async (request, reply) => {
    const found = friendAndChannel(ctx, request.params.userId);
    if (!found) return userNotFound(reply, request.params.userId);
    return html(reply).send(phonePage(ctx, found.friend, found.channel, links(request)));
  });

  app.get<{ Params: { userId: string }; Querystring: { since?: string } }>(
    "/phone/:userId/feed",
    async (request, reply) => {
      const found = friendAndChannel(ctx, request.params.userId);
      if (!found) return userNotFound(reply, request.params.userId);
      const { friend, channel } = found;
      const version = chatVersion(ctx, friend);
      if (request.query.since === version) return reply.code(204).send();
      const l = links(request);
      return {
        version,
        chat: chatHtml(ctx, friend, channel, l),
        quickReply: quickReplyHtml(ctx, friend),
        richMenu: richMenuHtml(ctx, friend, l),
      };
    },
  );

  app.get<{ Params: { richMenuId: string } }>(
    "/phone/rich-menus/:richMenuId/image",
    async (request, reply) => {
      const image = ctx.state.richMenus.menus.get(request.params.richMenuId)?.image;
      if (!image) {
        return sendControlError(reply, 404, {
          code: "not_found",
          message: "No such rich menu image",
        });
      }
      return reply.type(image.contentType).send(image.data);
    },
  );

  app.get<{ Params: { messageId: string } }>(
    "/phone/content/:messageId",
    async (request, reply) => {
      const content = ctx.state.usersApi.contents.get(request.params.messageId);
      if (!content) {
        return sendControlError(reply, 404, { code: "not_found", message: "No such content" });
      }
      return reply.type(content.contentType).send(content.data);
    },
  );
}

function html(reply: FastifyReply): FastifyReply {
  return reply
    .type("text/html; charset=utf-8")
    .header("content-security-policy", CSP)
    .header("cache-control", "no-store");
}

function friendAndChannel(ctx: EmulatorContext, userId: string) {
  const found = findUser(ctx, userId);
  if (!found.ok) return undefined;
  const channel = ctx.state.channels.get(found.value.channelId);
  return channel ? { friend: found.value, channel } : undefined;
}

function userNotFound(reply: FastifyReply, userId: string) {
  return sendControlError(reply, 404, {
    code: "user_not_found",
    message: `No virtual user ${userId}`,
  });
}
