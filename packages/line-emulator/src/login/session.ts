import type { FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorState } from "../state/state.ts";

// Who is signed in to "LINE" in this browser: a cookie naming a virtual user, set by the sign-in
// page. It lets `prompt=none` sign in without a page and preselects the user in the account-link
// dialog, as the LINE app's own session would.

const COOKIE = "line_emulator_user";
const MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function sessionUserOf(request: FastifyRequest, state: EmulatorState): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== COOKIE) continue;
    const userId = decodeURIComponent(rest.join("="));
    return state.users.has(userId) ? userId : undefined;
  }
  return undefined;
}

export function setSessionUser(reply: FastifyReply, userId: string): void {
  reply.header(
    "set-cookie",
    `${COOKIE}=${encodeURIComponent(userId)}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax`,
  );
}
