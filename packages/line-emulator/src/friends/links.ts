import type { EmulatorContext } from "../context.ts";
import { type CallbackRedirect, callbackUrl } from "../login/authorize.ts";
import { authorizeInLineApp } from "../login/flow.ts";
import { type LinkOpen, recordClick, recordLinkOpen } from "../state/engagement.ts";
import type { Friend } from "./common.ts";

// A friend opens a link: the emulator loads it the way LINE's in-app browser would (a phone's
// user agent, following redirects), so a bot's click-tracking redirect records the click, and the
// open counts as a click in the message's insight. Like LINE's in-app browser, it is signed in
// to LINE Login as the friend (SSO): a redirect to LINE Login's authorize endpoint for a
// channel the friend can log in to goes straight back to the callback with a code.

/** What LINE's in-app browser on an iPhone sends (LINE appends `Line/<version>` to Safari's). */
export const LINE_USER_AGENT =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/15.10.0";

const MAX_REDIRECTS = 10;
const TIMEOUT_MS = 10_000;

/** Where the link sits: a message of a send request (clicks count for its insight), or nowhere. */
export type LinkOrigin = { messageId: string; requestId: string };

export async function openLink(
  ctx: EmulatorContext,
  friend: Friend,
  url: string,
  origin?: LinkOrigin,
): Promise<LinkOpen> {
  const at = ctx.now();
  const userId = friend.user.userId;
  if (origin) {
    recordClick(ctx.state, {
      channelId: friend.channelId,
      requestId: origin.requestId,
      messageId: origin.messageId,
      userId,
      url,
    });
  }
  const followed = await follow(url, (authorize) => authorizeInLineApp(ctx, authorize, userId));
  const open: LinkOpen = {
    channelId: friend.channelId,
    userId,
    at: new Date(at).toISOString(),
    url,
    ...followed,
    ...(origin ?? {}),
  };
  recordLinkOpen(ctx.state, open);
  return open;
}

type Followed = Pick<LinkOpen, "finalUrl" | "status" | "redirects" | "detail">;

/** LINE Login's authorization request, on access.line.me or the emulator standing in for it. */
const AUTHORIZE_PATH = "/oauth2/v2.1/authorize";

async function follow(
  url: string,
  signedIn: (query: Record<string, string>) => CallbackRedirect | null,
): Promise<Followed> {
  let current = url;
  let redirects = 0;
  if (!/^https?:/i.test(current)) return { finalUrl: current, status: "not_fetched", redirects };
  const deadline = AbortSignal.timeout(TIMEOUT_MS);
  try {
    for (;;) {
      const target = new URL(current);
      const answer =
        target.pathname === AUTHORIZE_PATH
          ? signedIn(Object.fromEntries(target.searchParams))
          : null;
      // A form_post answer needs a page's script; the browser then loads the page like LINE's.
      if (answer && answer.mode === "query" && redirects < MAX_REDIRECTS) {
        current = callbackUrl(answer);
        redirects++;
        continue;
      }
      const response = await fetch(current, {
        redirect: "manual",
        headers: { "user-agent": LINE_USER_AGENT, "accept-language": "ja-JP,ja;q=0.9" },
        signal: deadline,
      });
      // Drain the body so the connection is released; the page itself does not matter.
      await response.arrayBuffer();
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        return { finalUrl: current, status: response.status, redirects };
      }
      if (redirects === MAX_REDIRECTS) {
        return {
          finalUrl: current,
          status: response.status,
          redirects,
          detail: `stopped after ${MAX_REDIRECTS} redirects`,
        };
      }
      current = new URL(location, current).toString();
      redirects++;
      if (!/^https?:/i.test(current))
        return { finalUrl: current, status: "not_fetched", redirects };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { finalUrl: current, status: "error", redirects, detail: `${message}${cause}` };
  }
}
