import type { FastifyReply, FastifyRequest } from "fastify";
import { findChannelByToken } from "../state/channels.ts";
import type { EmulatorState } from "../state/state.ts";
import type { Channel } from "../state/types.ts";
import { lineError, sendLineError } from "./errors.ts";

const channels = new WeakMap<FastifyRequest, Channel>();

// Missing-header text as LINE answers it; the invalid-token text is LINE's current wording.
const MISSING = lineError(
  401,
  "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
);
const INVALID = lineError(
  401,
  "Authentication failed. Confirm that the access token in the authorization header is valid.",
);

/** onRequest hook: resolves `Authorization: Bearer <channel access token>` to its channel. */
export function bearerAuth(state: EmulatorState) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) {
      await sendLineError(reply, MISSING);
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const channel = match ? findChannelByToken(state, match[1]!) : undefined;
    if (!channel) {
      await sendLineError(reply, INVALID);
      return;
    }
    channels.set(request, channel);
  };
}

/** The channel whose token authenticated this request. */
export function channelOf(request: FastifyRequest): Channel {
  const channel = channels.get(request);
  if (!channel) throw new Error("bearerAuth hook did not run");
  return channel;
}

/** The authenticated channel, or undefined on routes without channel access token auth. */
export function authenticatedChannel(request: FastifyRequest): Channel | undefined {
  return channels.get(request);
}
