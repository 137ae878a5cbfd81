import type { FastifyReply } from "fastify";
import type { SentMessage } from "../state/types.ts";

// LINE's error body (REF#error-responses; OAS messaging-api.yml ErrorResponse).

export type LineErrorDetail = { message: string; property: string };

export type LineErrorBody = {
  message: string;
  /** Omitted when empty, as LINE does. */
  details?: LineErrorDetail[];
  /** Only on a 409 for a push retry key. */
  sentMessages?: SentMessage[];
};

export type LineError = {
  status: number;
  body: LineErrorBody;
  headers?: Record<string, string>;
};

export function lineError(status: number, message: string): LineError {
  return { status, body: { message } };
}

/** 400 "The request body has N error(s)" with one detail per problem. */
export function requestBodyErrors(details: LineErrorDetail[]): LineError {
  return {
    status: 400,
    body: { message: `The request body has ${details.length} error(s)`, details },
  };
}

/** 400 for a property LINE cannot read at all (wrong JSON type, malformed ID). */
export function invalidProperty(property: string): LineError {
  return lineError(
    400,
    `The property, '${property}', in the request body is invalid (line: -, column: -)`,
  );
}

export const INVALID_REPLY_TOKEN = lineError(400, "Invalid reply token");
export const NOT_FOUND = lineError(404, "Not found");
export const FAILED_TO_SEND = lineError(400, "Failed to send messages");

export function sendLineError(reply: FastifyReply, error: LineError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.status).send(error.body);
}
