import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** The control API's error shape, the same as Kizuna's own APIs: `{ error: { code, message } }`. */
export type ControlError = { code: string; message: string; details?: unknown };

export function sendControlError(
  reply: FastifyReply,
  status: number,
  error: ControlError,
): FastifyReply {
  return reply.code(status).send({ error });
}

export function controlErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error.validation) {
    return sendControlError(reply, 400, {
      code: "invalid_request",
      message: error.message,
      details: error.validation,
    });
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    return sendControlError(reply, status, { code: "bad_request", message: error.message });
  }
  request.log.error({ err: error }, "control API request failed");
  return sendControlError(reply, 500, { code: "internal", message: "Internal error" });
}
