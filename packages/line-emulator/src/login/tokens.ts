import { createHash, randomBytes } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { err, ok, type Result } from "../result.ts";
import type {
  AuthorizationCode,
  LoginAccessToken,
  LoginChannel,
  LoginRefreshToken,
  Scope,
} from "../state/login.ts";
import { CODE_TTL_MS } from "./flow.ts";
import { ID_TOKEN_ISSUER, type IdTokenPayload, signIdToken } from "./id-token.ts";

// The token side of LINE Login v2.1 (LREF): exchanging a code, refreshing, verifying and revoking
// access tokens. Errors are OAuth's `{error, error_description}`.

/** LINE: access tokens live 30 days, refresh tokens 90 days (LDOC:managing-access-tokens). */
export const ACCESS_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** How long an ID token is valid; LINE's web-login ID tokens expire after an hour [unverified]. */
export const ID_TOKEN_TTL_MS = 60 * 60 * 1000;

export type OAuthError = { status: number; error: string; error_description: string };

export function oauthError(error: string, description: string, status = 400): OAuthError {
  return { status, error, error_description: description };
}

export type TokenResponse = {
  access_token: string;
  expires_in: number;
  id_token?: string;
  refresh_token: string;
  scope: string;
  token_type: "Bearer";
};

type Form = (name: string) => string;

/** Client authentication: the channel ID with its secret, in the form body. */
function authenticate(ctx: EmulatorContext, form: Form): Result<LoginChannel, OAuthError> {
  const clientId = form("client_id");
  if (!clientId) return err(oauthError("invalid_request", "client_id is required."));
  const channel = ctx.state.login.channels.get(clientId);
  if (!channel) return err(oauthError("invalid_client", "Invalid client_id."));
  if (form("client_secret") !== channel.channelSecret) {
    return err(oauthError("invalid_client", "Invalid client_secret."));
  }
  return ok(channel);
}

/** POST /oauth2/v2.1/token: `authorization_code` or `refresh_token`. */
export function issueTokens(ctx: EmulatorContext, form: Form): Result<TokenResponse, OAuthError> {
  const grantType = form("grant_type");
  if (!grantType) return err(oauthError("invalid_request", "grant_type is required."));
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    // client_credentials here is the channel access token v2.1 (a JWT assertion), not LINE Login.
    return err(oauthError("unsupported_grant_type", `Unsupported grant_type: ${grantType}.`));
  }
  const channel = authenticate(ctx, form);
  if (!channel.ok) return channel;
  return grantType === "authorization_code"
    ? exchangeCode(ctx, channel.value, form)
    : refresh(ctx, channel.value, form);
}

function exchangeCode(
  ctx: EmulatorContext,
  channel: LoginChannel,
  form: Form,
): Result<TokenResponse, OAuthError> {
  const code = form("code");
  const redirectUri = form("redirect_uri");
  if (!code) return err(oauthError("invalid_request", "code is required."));
  if (!redirectUri) return err(oauthError("invalid_request", "redirect_uri is required."));
  const grant = ctx.state.login.codes.get(code);
  const now = ctx.now();
  if (!grant || grant.channelId !== channel.channelId || now - grant.issuedAt > CODE_TTL_MS) {
    return err(oauthError("invalid_grant", "Invalid authorization code."));
  }
  if (grant.usedAt !== undefined) {
    // A code used twice may have been stolen: what it gave the first time stops working too.
    if (grant.accessToken) revokeAccessToken(ctx, grant.accessToken);
    return err(oauthError("invalid_grant", "The authorization code has already been used."));
  }
  if (redirectUri !== grant.redirectUri) {
    return err(oauthError("invalid_grant", "redirect_uri does not match."));
  }
  const pkce = checkVerifier(grant, form("code_verifier"));
  if (!pkce.ok) return pkce;
  grant.usedAt = now;
  const { access, refresh } = newTokens(ctx, grant);
  grant.accessToken = access.token;
  return ok({
    access_token: access.token,
    expires_in: Math.floor(ACCESS_TOKEN_TTL_MS / 1000),
    ...(grant.scopes.includes("openid")
      ? { id_token: signIdToken(idTokenPayload(ctx, channel, grant), channel.channelSecret) }
      : {}),
    refresh_token: refresh.token,
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  });
}

/** PKCE (RFC 7636, S256 only, as LINE): BASE64URL(SHA256(code_verifier)) must equal the challenge. */
function checkVerifier(grant: AuthorizationCode, verifier: string): Result<void, OAuthError> {
  if (!grant.codeChallenge) return ok(undefined);
  if (!verifier) return err(oauthError("invalid_grant", "code_verifier is required."));
  const computed = createHash("sha256").update(verifier).digest("base64url");
  if (computed !== grant.codeChallenge) {
    return err(oauthError("invalid_grant", "Invalid code_verifier."));
  }
  return ok(undefined);
}

function refresh(
  ctx: EmulatorContext,
  channel: LoginChannel,
  form: Form,
): Result<TokenResponse, OAuthError> {
  const token = form("refresh_token");
  if (!token) return err(oauthError("invalid_request", "refresh_token is required."));
  const old = ctx.state.login.refreshTokens.get(token);
  if (!old || old.channelId !== channel.channelId || old.expiresAt <= ctx.now()) {
    return err(oauthError("invalid_grant", "Invalid refresh token."));
  }
  // The refresh token is used up; the new pair replaces it.
  ctx.state.login.refreshTokens.delete(token);
  const { access, refresh } = newTokens(ctx, old);
  return ok({
    access_token: access.token,
    expires_in: Math.floor(ACCESS_TOKEN_TTL_MS / 1000),
    refresh_token: refresh.token,
    scope: old.scopes.join(" "),
    token_type: "Bearer",
  });
}

function newTokens(
  ctx: EmulatorContext,
  from: { channelId: string; userId: string; scopes: Scope[] },
): { access: LoginAccessToken; refresh: LoginRefreshToken } {
  const now = ctx.now();
  const access: LoginAccessToken = {
    token: randomBytes(48).toString("base64url"),
    channelId: from.channelId,
    userId: from.userId,
    scopes: from.scopes,
    issuedAt: now,
    expiresAt: now + ACCESS_TOKEN_TTL_MS,
    refreshToken: randomBytes(15).toString("base64url"),
  };
  const refresh: LoginRefreshToken = {
    token: access.refreshToken,
    channelId: from.channelId,
    userId: from.userId,
    scopes: from.scopes,
    expiresAt: now + REFRESH_TOKEN_TTL_MS,
    accessToken: access.token,
  };
  ctx.state.login.accessTokens.set(access.token, access);
  ctx.state.login.refreshTokens.set(refresh.token, refresh);
  ctx.state.changed();
  return { access, refresh };
}

function idTokenPayload(
  ctx: EmulatorContext,
  channel: LoginChannel,
  grant: AuthorizationCode,
): IdTokenPayload {
  const user = ctx.state.users.get(grant.userId);
  const iat = Math.floor(ctx.now() / 1000);
  const withProfile = grant.scopes.includes("profile");
  return {
    iss: ID_TOKEN_ISSUER,
    sub: grant.userId,
    aud: channel.channelId,
    exp: iat + Math.floor(ID_TOKEN_TTL_MS / 1000),
    iat,
    auth_time: Math.floor(grant.authTime / 1000),
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    amr: grant.amr,
    ...(withProfile && user ? { name: user.displayName } : {}),
    ...(withProfile && user?.pictureUrl ? { picture: user.pictureUrl } : {}),
    ...(grant.scopes.includes("email") ? { email: emailOf(grant.userId) } : {}),
  };
}

/** Virtual users have no mailbox; a stable address on a reserved domain stands in. */
export function emailOf(userId: string): string {
  return `${userId.toLowerCase()}@users.line-emulator.example`;
}

/** A live access token, or why not (LINE's verify wording). */
export function findAccessToken(
  ctx: EmulatorContext,
  token: string,
): Result<LoginAccessToken, OAuthError> {
  if (!token) return err(oauthError("invalid_request", "access_token is required."));
  const access = ctx.state.login.accessTokens.get(token);
  if (!access) return err(oauthError("invalid_request", "invalid access token"));
  if (access.expiresAt <= ctx.now())
    return err(oauthError("invalid_request", "access token expired"));
  return ok(access);
}

/** GET /oauth2/v2.1/verify → `{scope, client_id, expires_in}`. */
export function verifyAccessToken(ctx: EmulatorContext, token: string) {
  const access = findAccessToken(ctx, token);
  if (!access.ok) return access;
  return ok({
    scope: access.value.scopes.join(" "),
    client_id: access.value.channelId,
    expires_in: Math.floor((access.value.expiresAt - ctx.now()) / 1000),
  });
}

/**
 * POST /oauth2/v2.1/revoke: revokes the access token and the refresh token issued with it.
 * Like RFC 7009, an unknown token is not an error.
 */
export function revoke(ctx: EmulatorContext, form: Form): Result<void, OAuthError> {
  const clientId = form("client_id");
  const token = form("access_token");
  if (!clientId) return err(oauthError("invalid_request", "client_id is required."));
  if (!token) return err(oauthError("invalid_request", "access_token is required."));
  const channel = ctx.state.login.channels.get(clientId);
  if (!channel) return err(oauthError("invalid_client", "Invalid client_id."));
  // The secret is optional (apps using PKCE have none to send), but a wrong one is refused.
  const secret = form("client_secret");
  if (secret && secret !== channel.channelSecret) {
    return err(oauthError("invalid_client", "Invalid client_secret."));
  }
  const access = ctx.state.login.accessTokens.get(token);
  if (access?.channelId === clientId) revokeAccessToken(ctx, token);
  return ok(undefined);
}

function revokeAccessToken(ctx: EmulatorContext, token: string): void {
  const access = ctx.state.login.accessTokens.get(token);
  if (!access) return;
  ctx.state.login.accessTokens.delete(token);
  ctx.state.login.refreshTokens.delete(access.refreshToken);
  ctx.state.changed();
}
