import { findChannel, listChannelSummaries } from "@kizuna/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";

export const channelParams = z.object({ channelId: z.uuid() });

export function channelRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get("/api/channels", { config: { permission: "channels:read" } }, async () => ({
      channels: await listChannelSummaries(db),
    }));
  };
}

export async function channelExists(deps: ServerDeps, channelId: string): Promise<boolean> {
  return (await findChannel(deps.database.db, channelId)) !== null;
}
