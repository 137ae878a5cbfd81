import {
  type SegmentDefinition,
  type SegmentProblem,
  segmentDefinitionSchema,
} from "@kizuna/core/segments";
import type { FastifyReply } from "fastify";
import { sendError } from "../http/errors.ts";

export interface PlacedProblem {
  /** JSON Pointer into the request body, e.g. `/definition/root/conditions/2/op`. */
  path: string;
  code: string;
  message: string;
}

export type DefinitionRead =
  | { ok: true; definition: SegmentDefinition }
  | { ok: false; problems: PlacedProblem[] };

/**
 * Reads a definition from a request body. Shape problems (zod) and channel problems (the
 * checker) come back alike: each on the JSON path of the node that is wrong.
 */
export function readDefinition(input: unknown, at = "/definition"): DefinitionRead {
  const parsed = segmentDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data as SegmentDefinition };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: [at, ...issue.path.map(String)].join("/"),
      code: issue.code,
      message: issue.message,
    })),
  };
}

export function placeProblems(problems: readonly SegmentProblem[], at = "/definition") {
  return problems.map((problem) => ({
    path: `${at}/${problem.path.replaceAll(".", "/")}`,
    code: problem.code,
    message: problem.message,
  }));
}

/** Why a segment or list cannot be deleted: the segments and unstarted campaigns that use it. */
export function inUseMessage(inUse: {
  usedBy: readonly { name: string }[];
  campaigns: readonly { id: string; name: string | null }[];
}): string {
  const users = [
    ...inUse.usedBy.map((s) => `segment "${s.name}"`),
    ...inUse.campaigns.map((c) => (c.name ? `campaign "${c.name}"` : `untitled campaign ${c.id}`)),
  ];
  return `In use by ${users.join(", ")}.`;
}

/** 400 `invalid_segment`, each problem on its path; the message names the first. */
export function sendSegmentProblems(reply: FastifyReply, problems: readonly PlacedProblem[]) {
  const first = problems[0]!;
  return sendError(reply, 400, "invalid_segment", `${first.path}: ${first.message}`, problems);
}
