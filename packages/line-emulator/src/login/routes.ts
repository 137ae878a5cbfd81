import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { followStatus } from "../state/friendships.ts";
import type { LoginAccessToken, Scope } from "../state/login.ts";
import { providerOfUser, userIdsOfProvider } from "../state/providers.ts";
import type { VirtualUser } from "../state/types.ts";
import { type AuthorizeQuery, type CallbackRedirect, callbackUrl } from "./authorize.ts";
import {
  decide,
  finishWithoutConsent,
  loginChannelOf,
  needsConsentPage,
  offersFriendship,
  pendingAuthorization,
  signIn,
  startAuthorization,
} from "./flow.ts";
import { field, formBodyParser } from "./form-body.ts";
import { sendErrorPage, sendPage } from "./html.ts";
import { verifyIdToken } from "./id-token.ts";
import { CONSENT_PATH, consentPage, formPostPage, LOGIN_PATH, signInPage } from "./pages.ts";
import { sessionUserOf, setSessionUser } from "./session.ts";
import {
  findAccessToken,
  issueTokens,
  type OAuthError,
  oauthError,
  revoke,
  verifyAccessToken,
} from "./tokens.ts";

/** Sign-in choices shown at most; the browser's signed-in user is always among them. */
const MAX_CHOICES = 200;

/**
 * LINE Login v2.1 as LINE serves it: the authorization pages of access.line.me and the token,
 * verify, revoke, profile and friendship endpoints of api.line.me, on one origin.
 */
export function lineLogin(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    formBodyParser(app);
    app.setErrorHandler(oauthErrorHandler);
    authorizationPages(app, ctx);
    tokenEndpoints(app, ctx);
    userEndpoints(app, ctx);
  };
}

function authorizationPages(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Querystring: AuthorizeQuery }>("/oauth2/v2.1/authorize", async (request, reply) => {
    const session = sessionUserOf(request, ctx.state);
    const start = startAuthorization(ctx, request.query, session);
    switch (start.kind) {
      case "error-page":
        return sendErrorPage(reply, 400, "400 Bad Request", start.message);
      case "redirect":
        return goBack(reply, start.redirect);
      case "sign-in": {
        const channel = loginChannelOf(ctx, start.pending);
        return sendPage(
          reply,
          200,
          "LINE Login",
          signInPage({
            pending: start.pending,
            channel,
            users: choices(ctx, channel.providerId, session),
            preselected: session,
          }),
        );
      }
      default:
        return assertNever(start);
    }
  });

  app.post(LOGIN_PATH, async (request, reply) => {
    const pending = pendingAuthorization(ctx, field(request.body, "tx"));
    if (!pending.ok) return sendErrorPage(reply, 400, "Login expired", pending.error.message);
    const chosen = field(request.body, "userId");
    const newUserName = field(request.body, "newUserName").trim();
    const channel = loginChannelOf(ctx, pending.value);
    if ((chosen === "new" || !chosen) && !newUserName) {
      return sendPage(
        reply,
        400,
        "LINE Login",
        signInPage({
          pending: pending.value,
          channel,
          users: choices(ctx, channel.providerId, undefined),
          preselected: undefined,
          error: "Choose an account, or give a display name for a new one.",
        }),
      );
    }
    const signedIn = signIn(
      ctx,
      pending.value,
      chosen && chosen !== "new" ? { userId: chosen } : { newUserName },
    );
    if (!signedIn.ok) return sendErrorPage(reply, 400, "Can't log in", signedIn.error.message);
    setSessionUser(reply, signedIn.value.userId!);
    if (!needsConsentPage(ctx, signedIn.value)) {
      return goBack(reply, finishWithoutConsent(ctx, signedIn.value));
    }
    return reply.redirect(`${CONSENT_PATH}?tx=${encodeURIComponent(signedIn.value.id)}`, 303);
  });

  app.get<{ Querystring: { tx?: string } }>(CONSENT_PATH, async (request, reply) => {
    const pending = pendingAuthorization(ctx, request.query.tx ?? "");
    if (!pending.ok) return sendErrorPage(reply, 400, "Login expired", pending.error.message);
    const user = pending.value.userId ? ctx.state.users.get(pending.value.userId) : undefined;
    if (!user) return sendErrorPage(reply, 400, "Can't log in", "Log in first.");
    const channel = loginChannelOf(ctx, pending.value);
    const friend = offersFriendship(ctx, pending.value)
      ? ctx.state.channels.get(channel.linkedChannelId!)
      : undefined;
    return sendPage(
      reply,
      200,
      "LINE Login",
      consentPage({ pending: pending.value, channel, user, friend }),
    );
  });

  app.post(CONSENT_PATH, async (request, reply) => {
    const pending = pendingAuthorization(ctx, field(request.body, "tx"));
    if (!pending.ok) return sendErrorPage(reply, 400, "Login expired", pending.error.message);
    const decided = decide(ctx, pending.value, {
      allow: field(request.body, "decision") === "allow",
      addFriend: field(request.body, "addFriend") === "on",
    });
    if (!decided.ok) return sendErrorPage(reply, 400, "Can't log in", decided.error.message);
    return goBack(reply, decided.value);
  });
}

function tokenEndpoints(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/oauth2/v2.1/token", async (request, reply) => {
    const form = formOf(request);
    if (!form.ok) return sendOAuthError(reply, form.error);
    const tokens = issueTokens(ctx, form.value);
    if (!tokens.ok) return sendOAuthError(reply, tokens.error);
    return reply.header("cache-control", "no-store").send(tokens.value);
  });

  app.get<{ Querystring: { access_token?: string } }>(
    "/oauth2/v2.1/verify",
    async (request, reply) => {
      const verified = verifyAccessToken(ctx, request.query.access_token ?? "");
      return verified.ok ? verified.value : sendOAuthError(reply, verified.error);
    },
  );

  app.post("/oauth2/v2.1/verify", async (request, reply) => {
    const form = formOf(request);
    if (!form.ok) return sendOAuthError(reply, form.error);
    const idToken = form.value("id_token");
    const clientId = form.value("client_id");
    if (!idToken)
      return sendOAuthError(reply, oauthError("invalid_request", "id_token is required."));
    if (!clientId)
      return sendOAuthError(reply, oauthError("invalid_request", "client_id is required."));
    const nonce = form.value("nonce");
    const userId = form.value("user_id");
    const verified = verifyIdToken(
      idToken,
      { clientId, ...(nonce ? { nonce } : {}), ...(userId ? { userId } : {}) },
      (channelId) => ctx.state.login.channels.get(channelId)?.channelSecret,
      ctx.now(),
    );
    if (!verified.ok) return sendOAuthError(reply, oauthError("invalid_request", verified.error));
    return verified.value;
  });

  app.post("/oauth2/v2.1/revoke", async (request, reply) => {
    const form = formOf(request);
    if (!form.ok) return sendOAuthError(reply, form.error);
    const revoked = revoke(ctx, form.value);
    // LINE answers 200 with an empty body.
    return revoked.ok ? reply.code(200).send() : sendOAuthError(reply, revoked.error);
  });
}

function userEndpoints(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get("/v2/profile", async (request, reply) => {
    const access = userToken(ctx, request, reply, "profile");
    if (!access) return reply;
    const user = ctx.state.users.get(access.userId)!;
    return {
      userId: user.userId,
      displayName: user.displayName,
      ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.statusMessage ? { statusMessage: user.statusMessage } : {}),
    };
  });

  app.get("/friendship/v1/status", async (request, reply) => {
    const access = userToken(ctx, request, reply, "profile");
    if (!access) return reply;
    const linked = ctx.state.login.channels.get(access.channelId)?.linkedChannelId;
    return {
      friendFlag: !!linked && followStatus(ctx.state, linked, access.userId) === "following",
    };
  });

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const access = userToken(ctx, request, reply, "openid");
    if (!access) return reply;
    const user = ctx.state.users.get(access.userId)!;
    const withProfile = access.scopes.includes("profile");
    return {
      sub: user.userId,
      ...(withProfile ? { name: user.displayName } : {}),
      ...(withProfile && user.pictureUrl ? { picture: user.pictureUrl } : {}),
    };
  };
  app.get("/oauth2/v2.1/userinfo", userinfo);
  app.post("/oauth2/v2.1/userinfo", userinfo);
}

/**
 * The user's access token from `Authorization: Bearer`, with the scope the endpoint needs; on
 * failure the reply is sent and undefined returned. LINE's wording here is not documented.
 */
function userToken(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: Scope,
): LoginAccessToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  const access = match ? findAccessToken(ctx, match[1]!) : undefined;
  if (!access?.ok || !ctx.state.users.has(access.value.userId)) {
    void reply.code(401).send({ message: "invalid token" });
    return undefined;
  }
  if (!access.value.scopes.includes(scope)) {
    void reply.code(403).send({ message: `The access token has no ${scope} scope` });
    return undefined;
  }
  return access.value;
}

type Form = (name: string) => string;

function formOf(
  request: FastifyRequest,
): { ok: true; value: Form } | { ok: false; error: OAuthError } {
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return {
      ok: false,
      error: oauthError(
        "invalid_request",
        "Content-Type must be application/x-www-form-urlencoded.",
      ),
    };
  }
  return { ok: true, value: (name) => field(request.body, name) };
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  return reply
    .code(error.status)
    .header("cache-control", "no-store")
    .send({ error: error.error, error_description: error.error_description });
}

function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status < 500)
    return sendOAuthError(reply, oauthError("invalid_request", error.message, status));
  request.log.error({ err: error }, "LINE Login request failed");
  return sendOAuthError(reply, oauthError("server_error", "Internal server error", 500));
}

/** Back to the service: a 302 to the callback, or a self-posting form for form_post. */
function goBack(reply: FastifyReply, redirect: CallbackRedirect): FastifyReply {
  if (redirect.mode === "form_post")
    return sendPage(reply, 200, "LINE Login", formPostPage(redirect));
  return reply.redirect(callbackUrl(redirect), 302);
}

function choices(
  ctx: EmulatorContext,
  providerId: string,
  session: string | undefined,
): VirtualUser[] {
  const ids = new Set<string>();
  if (session && providerOfUser(ctx.state, session) === providerId) ids.add(session);
  for (const userId of userIdsOfProvider(ctx.state, providerId)) {
    if (ids.size >= MAX_CHOICES) break;
    ids.add(userId);
  }
  return [...ids].flatMap((userId) => {
    const user = ctx.state.users.get(userId);
    return user ? [user] : [];
  });
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
