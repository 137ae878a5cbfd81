import { type FilterProblem, friendFilterSchema } from "@kizuna/core";
import { type FilterResolution, resolveFriendFilter } from "@kizuna/db";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";

/** A FriendFilter in a query string: `?filter=<JSON>`, so that GETs (lists, CSV links) carry it. */
export const filterQueryParam = z
  .string()
  .max(10_000)
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "filter must be a JSON FriendFilter" });
      return z.NEVER;
    }
  })
  .pipe(friendFilterSchema);

export function resolveFilter(
  deps: ServerDeps,
  channelId: string,
  filter: z.infer<typeof friendFilterSchema>,
): Promise<FilterResolution> {
  return resolveFriendFilter(deps.database.db, channelId, filter);
}

/** 400 naming each part of the filter that does not fit the channel, as `/filter/tags/0/tagIds/1`. */
export function sendFilterProblems(reply: FastifyReply, problems: FilterProblem[], at: string) {
  const details = problems.map((problem) => ({
    path: `${at}/${problem.path.replaceAll(".", "/")}`,
    message: problem.message,
  }));
  const first = details[0]!;
  return sendError(reply, 400, "invalid_filter", `${first.path}: ${first.message}`, details);
}

export const friendParams = z.object({
  channelId: z.uuid(),
  friendId: z.string().regex(/^\d{1,18}$/, "a friend id"),
});
