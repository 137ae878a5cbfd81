import { randomBytes } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { follow } from "../friends/actions.ts";
import { err, ok, type Result } from "../result.ts";
import { followStatus } from "../state/friendships.ts";
import {
  type AuthorizationCode,
  consentKey,
  type LoginChannel,
  type PendingAuthorization,
  sweepLogin,
} from "../state/login.ts";
import { providerOf, providerOfUser } from "../state/providers.ts";
import { createUser } from "../state/users.ts";
import {
  type AuthorizeQuery,
  type CallbackRedirect,
  errorRedirect,
  readAuthorizeRequest,
} from "./authorize.ts";

// What happens between `GET /oauth2/v2.1/authorize` and the redirect to the callback: a person
// signs in as one of the provider's virtual users, agrees to the scopes (and, with `bot_prompt`,
// may add the linked LINE Official Account as a friend), and the browser goes back with a code.
// The pages (pages.ts) and the control API both drive these functions.

/** LINE: an authorization code is valid for 10 minutes and once (LDOC:integrate-line-login). */
export const CODE_TTL_MS = 10 * 60 * 1000;

export type AuthorizeStart =
  | { kind: "error-page"; message: string }
  | { kind: "redirect"; redirect: CallbackRedirect }
  | { kind: "sign-in"; pending: PendingAuthorization };

export type FlowError = {
  code: "unknown_authorization" | "unknown_user" | "not_signed_in";
  message: string;
};

/**
 * Starts a sign-in. `prompt=none` never shows a page: it answers at once for the browser's
 * signed-in user if that user already agreed to the scopes, else with an error.
 */
export function startAuthorization(
  ctx: EmulatorContext,
  query: AuthorizeQuery,
  sessionUserId: string | undefined,
): AuthorizeStart {
  sweepLogin(ctx.state, ctx.now(), CODE_TTL_MS);
  const read = readAuthorizeRequest(ctx.state, query);
  if (!read.ok) {
    return read.error.kind === "page"
      ? { kind: "error-page", message: read.error.message }
      : { kind: "redirect", redirect: read.error.redirect };
  }
  const pending: PendingAuthorization = {
    ...read.value,
    id: randomBytes(16).toString("base64url"),
    createdAt: ctx.now(),
  };
  if (pending.prompt === "none") {
    const channel = ctx.state.login.channels.get(pending.channelId)!;
    const canUse = sessionUserId && providerOfUser(ctx.state, sessionUserId) === channel.providerId;
    if (!canUse) {
      return {
        kind: "redirect",
        redirect: errorRedirect(
          pending.redirectUri,
          pending.responseMode,
          "login_required",
          "The user is not logged in.",
          pending.state,
        ),
      };
    }
    const signedIn = {
      ...pending,
      userId: sessionUserId,
      authTime: ctx.now(),
      amr: ["lineautologin"],
    };
    if (!hasConsented(ctx, signedIn)) {
      return {
        kind: "redirect",
        redirect: errorRedirect(
          pending.redirectUri,
          pending.responseMode,
          "interaction_required",
          "The user must consent to the requested scopes.",
          pending.state,
        ),
      };
    }
    // No page is shown, so neither is the add-friend option: no friendship_status_changed.
    return { kind: "redirect", redirect: issueCode(ctx, signedIn, undefined) };
  }
  ctx.state.login.pending.set(pending.id, pending);
  return { kind: "sign-in", pending };
}

/**
 * LINE's in-app browser is signed in to LINE Login as the phone's user (SSO): an authorization
 * request opened there goes back at once with a code for that user — no sign-in page, and the
 * scopes agreed as with "Allow" — when the user can log in to the channel (same provider).
 * A request LINE answers with an error redirect gets it; null when the pages would be shown
 * to another user, or an error page.
 */
export function authorizeInLineApp(
  ctx: EmulatorContext,
  query: AuthorizeQuery,
  userId: string,
): CallbackRedirect | null {
  sweepLogin(ctx.state, ctx.now(), CODE_TTL_MS);
  const read = readAuthorizeRequest(ctx.state, query);
  if (!read.ok) return read.error.kind === "redirect" ? read.error.redirect : null;
  const channel = ctx.state.login.channels.get(read.value.channelId)!;
  if (providerOfUser(ctx.state, userId) !== channel.providerId) return null;
  const signedIn: PendingAuthorization = {
    ...read.value,
    id: randomBytes(16).toString("base64url"),
    createdAt: ctx.now(),
    userId,
    authTime: ctx.now(),
    amr: ["lineautologin"],
  };
  ctx.state.login.consents.set(consentKey(signedIn.channelId, userId), signedIn.scopes);
  ctx.state.changed();
  return issueCode(ctx, signedIn, undefined);
}

export function pendingAuthorization(
  ctx: EmulatorContext,
  id: string,
): Result<PendingAuthorization, FlowError> {
  const pending = ctx.state.login.pending.get(id);
  if (!pending || ctx.now() - pending.createdAt > CODE_TTL_MS) {
    return err({
      code: "unknown_authorization",
      message: "This login request has expired. Start again from the service.",
    });
  }
  return ok(pending);
}

export function loginChannelOf(ctx: EmulatorContext, pending: PendingAuthorization): LoginChannel {
  return ctx.state.login.channels.get(pending.channelId)!;
}

/**
 * Signs the person in as a virtual user of the channel's provider, or as a new user (created
 * under the linked LINE Official Account when there is one, so it can befriend it).
 */
export function signIn(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
  who: { userId: string } | { newUserName: string },
): Result<PendingAuthorization, FlowError> {
  const channel = loginChannelOf(ctx, pending);
  let userId: string;
  if ("userId" in who) {
    if (providerOfUser(ctx.state, who.userId) !== channel.providerId) {
      return err({
        code: "unknown_user",
        message: "That LINE account cannot log in to this channel.",
      });
    }
    userId = who.userId;
  } else {
    const home = channel.linkedChannelId ?? channel.channelId;
    userId = createUser(ctx.state, home, { displayName: who.newUserName }).userId;
  }
  pending.userId = userId;
  pending.authTime = ctx.now();
  pending.amr = ["pwd"];
  return ok(pending);
}

/** Whether the consent page offers "add as friend" to this user (LDOC:link-a-bot). */
export function offersFriendship(ctx: EmulatorContext, pending: PendingAuthorization): boolean {
  const linked = loginChannelOf(ctx, pending).linkedChannelId;
  if (!pending.botPrompt || !linked || !pending.userId) return false;
  const user = ctx.state.users.get(pending.userId);
  // Friendship is tracked per channel for the users created under it (see friends/actions.ts).
  if (
    user?.channelId !== linked ||
    providerOf(ctx.state, linked) !== providerOfUser(ctx.state, user.userId)
  ) {
    return false;
  }
  return followStatus(ctx.state, linked, pending.userId) !== "following";
}

function hasConsented(ctx: EmulatorContext, pending: PendingAuthorization): boolean {
  const granted = ctx.state.login.consents.get(consentKey(pending.channelId, pending.userId!));
  return granted !== undefined && pending.scopes.every((scope) => granted.includes(scope));
}

/** After sign-in: whether the consent page must be shown, or the code can go back at once. */
export function needsConsentPage(ctx: EmulatorContext, pending: PendingAuthorization): boolean {
  return (
    pending.prompt === "consent" || !hasConsented(ctx, pending) || offersFriendship(ctx, pending)
  );
}

/** Finishes without a consent page (the user agreed before and nothing else is offered). */
export function finishWithoutConsent(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
): CallbackRedirect {
  ctx.state.login.pending.delete(pending.id);
  return issueCode(ctx, pending, undefined);
}

/**
 * The person's answer on the consent page. "Cancel" sends `access_denied`; "Allow" records the
 * consent, adds the friend when the box was ticked (the follow webhook goes to the linked
 * channel as for any follow) and sends the code with `friendship_status_changed` when the
 * option was shown.
 */
export function decide(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
  answer: { allow: boolean; addFriend: boolean },
): Result<CallbackRedirect, FlowError> {
  if (!pending.userId) return err({ code: "not_signed_in", message: "Log in first." });
  ctx.state.login.pending.delete(pending.id);
  if (!answer.allow) {
    return ok(
      errorRedirect(
        pending.redirectUri,
        pending.responseMode,
        "access_denied",
        "The resource owner denied the request.",
        pending.state,
      ),
    );
  }
  const offered = offersFriendship(ctx, pending);
  ctx.state.login.consents.set(consentKey(pending.channelId, pending.userId), pending.scopes);
  ctx.state.changed();
  let friendshipChanged: boolean | undefined;
  if (offered) friendshipChanged = answer.addFriend && follow(ctx, pending.userId).ok;
  return ok(issueCode(ctx, pending, friendshipChanged));
}

function issueCode(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
  friendshipChanged: boolean | undefined,
): CallbackRedirect {
  let code = randomBytes(15).toString("base64url");
  while (ctx.state.login.codes.has(code)) code = randomBytes(15).toString("base64url");
  const grant: AuthorizationCode = {
    code,
    channelId: pending.channelId,
    userId: pending.userId!,
    redirectUri: pending.redirectUri,
    scopes: pending.scopes,
    ...(pending.nonce ? { nonce: pending.nonce } : {}),
    ...(pending.codeChallenge ? { codeChallenge: pending.codeChallenge } : {}),
    issuedAt: ctx.now(),
    authTime: pending.authTime ?? ctx.now(),
    amr: pending.amr ?? ["pwd"],
  };
  ctx.state.login.codes.set(code, grant);
  return {
    redirectUri: pending.redirectUri,
    mode: pending.responseMode,
    params: {
      code,
      state: pending.state,
      ...(friendshipChanged === undefined
        ? {}
        : { friendship_status_changed: String(friendshipChanged) }),
    },
  };
}
