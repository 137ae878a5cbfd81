import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { channelParams } from "../channels/routes.ts";
import type { ChangeHub } from "./change-hub.ts";

const KEEPALIVE_MS = 25_000;

/** Server-Sent Events: `friends` and `campaigns` whenever they change for the channel. */
export function streamRoutes(hub: ChangeHub): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/channels/:channelId/stream",
      { config: { permission: "channels:read" }, schema: { params: channelParams } },
      (request, reply) => {
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        res.write(": connected\n\n");
        const unsubscribe = hub.subscribe(request.params.channelId, (topic) => {
          res.write(`event: ${topic}\ndata: {}\n\n`);
        });
        const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
        request.raw.on("close", () => {
          clearInterval(keepalive);
          unsubscribe();
        });
      },
    );
  };
}
