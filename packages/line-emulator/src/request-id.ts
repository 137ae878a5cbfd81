import type { FastifyReply, FastifyRequest } from "fastify";
import { newRequestId } from "./ids.ts";

const ids = new WeakMap<FastifyRequest, string>();

/** onRequest hook: every response carries a fresh X-Line-Request-Id (REF#response-headers). */
export function assignRequestId(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const id = newRequestId();
  ids.set(request, id);
  reply.header("x-line-request-id", id);
  done();
}

export function requestIdOf(request: FastifyRequest): string {
  const id = ids.get(request);
  if (!id) throw new Error("assignRequestId hook did not run");
  return id;
}
