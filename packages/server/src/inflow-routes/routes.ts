import {
  createInflowRoute,
  findActiveRouteByCode,
  findChannel,
  findInflowRoute,
  type InflowRoute,
  inflowRouteStats,
  listInflowRoutes,
  recordRouteVisit,
  renameInflowRoute,
  setInflowRouteArchived,
} from "@kizuna/db";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import QRCode from "qrcode";
import { z } from "zod";
import { sendError } from "../http/errors.ts";
import type { LinkingContext } from "../linking/context.ts";
import { startLineLogin } from "../linking/line-login.ts";
import { languageOf, sendMessagePage } from "../linking/pages/html.ts";
import { PAGE_TEXTS } from "../linking/pages/texts.ts";

const channelParams = z.object({ channelId: z.uuid() });
const routeParams = channelParams.extend({ routeId: z.uuid() });
const name = z.string().trim().min(1).max(100);

/** The public URL of a route: what its QR code holds and what is printed or posted. */
export function routeUrl(publicUrl: string, code: string): string {
  return new URL(`/r/${encodeURIComponent(code)}`, publicUrl).toString();
}

/**
 * 流入経路: staff create named routes (each a URL and a QR code) and read visits and
 * friends added per route and day; `/r/:code` records a visit and sends the visitor through
 * LINE Login with the add-friend screen, so the follow is attributed to the route.
 */
export function inflowRouteRoutes(context: LinkingContext): FastifyPluginAsyncZod {
  const { deps } = context;
  const { db } = deps.database;
  const withUrl = (route: InflowRoute) => ({ ...route, url: routeUrl(deps.publicUrl, route.code) });
  const routeError = (reply: FastifyReply, code: "name_taken" | "code_taken" | "not_found") =>
    code === "not_found"
      ? sendError(reply, 404, "route_not_found", "No such inflow route in this channel.")
      : sendError(
          reply,
          409,
          `route_${code}`,
          code === "name_taken" ? "The channel has a route of that name." : "That code is taken.",
        );

  return async (app) => {
    app.addHook("preHandler", async (request, reply) => {
      const { channelId } = request.params as { channelId?: string };
      if (channelId && !(await findChannel(db, channelId)))
        return sendError(reply, 404, "channel_not_found", "No such channel.");
    });

    app.get(
      "/api/channels/:channelId/inflow-routes",
      {
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          querystring: z.object({ archived: z.enum(["true", "false"]).optional() }),
        },
      },
      async (request) => ({
        routes: (
          await listInflowRoutes(db, request.params.channelId, {
            includeArchived: request.query.archived === "true",
          })
        ).map(withUrl),
      }),
    );

    app.post(
      "/api/channels/:channelId/inflow-routes",
      {
        config: { permission: "inflow_routes:manage" },
        schema: {
          params: channelParams,
          body: z.object({
            name,
            code: z
              .string()
              .regex(/^[A-Za-z0-9_-]{6,32}$/)
              .optional(),
          }),
        },
      },
      async (request, reply) => {
        const created = await createInflowRoute(db, {
          channelId: request.params.channelId,
          ...request.body,
        });
        if (!created.ok) return routeError(reply, created.code);
        return reply.code(201).send({ route: withUrl(created.route) });
      },
    );

    app.patch(
      "/api/channels/:channelId/inflow-routes/:routeId",
      {
        config: { permission: "inflow_routes:manage" },
        schema: {
          params: routeParams,
          body: z.object({ name: name.optional(), archived: z.boolean().optional() }),
        },
      },
      async (request, reply) => {
        const { channelId, routeId } = request.params;
        if (request.body.name !== undefined) {
          const renamed = await renameInflowRoute(db, {
            channelId,
            id: routeId,
            name: request.body.name,
          });
          if (!renamed.ok) return routeError(reply, renamed.code);
        }
        if (request.body.archived !== undefined)
          await setInflowRouteArchived(db, {
            channelId,
            id: routeId,
            archived: request.body.archived,
          });
        const route = await findInflowRoute(db, channelId, routeId);
        return route ? { route: withUrl(route) } : routeError(reply, "not_found");
      },
    );

    app.get(
      "/api/channels/:channelId/inflow-routes/stats",
      {
        config: { permission: "friends:read" },
        schema: {
          params: channelParams,
          querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
        },
      },
      async (request) => inflowRouteStats(db, request.params.channelId, request.query.days),
    );

    app.get(
      "/api/channels/:channelId/inflow-routes/:routeId/qr.:format",
      {
        config: { permission: "friends:read" },
        schema: {
          params: routeParams.extend({ format: z.enum(["png", "svg"]) }),
          querystring: z.object({ download: z.enum(["1"]).optional() }),
        },
      },
      async (request, reply) => {
        const { channelId, routeId, format } = request.params;
        const route = await findInflowRoute(db, channelId, routeId);
        if (!route) return routeError(reply, "not_found");
        const url = routeUrl(deps.publicUrl, route.code);
        // Error correction M survives a smudged print; the margin is the quiet zone scanners need.
        const options = { errorCorrectionLevel: "M" as const, margin: 4 };
        if (request.query.download)
          reply.header(
            "content-disposition",
            `attachment; filename="inflow-route-${route.code}.${format}"`,
          );
        reply.header("cache-control", "private, max-age=300");
        return format === "png"
          ? reply
              .type("image/png")
              .send(await QRCode.toBuffer(url, { ...options, type: "png", width: 512 }))
          : reply
              .type("image/svg+xml")
              .send(await QRCode.toString(url, { ...options, type: "svg" }));
      },
    );

    app.get(
      "/r/:code",
      { schema: { params: z.object({ code: z.string().max(64) }) } },
      async (request, reply) => {
        const lang = languageOf(request);
        const texts = PAGE_TEXTS[lang];
        const route = await findActiveRouteByCode(db, request.params.code);
        if (!route)
          return sendMessagePage(reply, {
            lang,
            status: 404,
            title: texts.login.errorTitle,
            message: texts.route.unknown,
          });
        const channel = await findChannel(db, route.channelId);
        const visitId = await recordRouteVisit(db, route.id);
        const started = channel
          ? await startLineLogin(context, channel, {
              purpose: "inflow_route",
              routeId: route.id,
              visitId,
              lang,
            })
          : null;
        if (!started?.ok) {
          request.log.warn(
            { channelId: route.channelId },
            "inflow route without a LINE Login channel",
          );
          return sendMessagePage(reply, {
            lang,
            status: 503,
            title: texts.login.errorTitle,
            message: texts.login.unavailable,
          });
        }
        return reply.header("cache-control", "no-store").redirect(started.authorizeUrl, 302);
      },
    );
  };
}
