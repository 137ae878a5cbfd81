/**
 * LINE Login (OAuth 2.0 / OpenID Connect) for web sites, on plain fetch: the official
 * SDK has no Login client. Browser pages live on access.line.me, the token and profile
 * APIs on api.line.me; an emulator stands in for both through the base URLs.
 * https://developers.line.biz/en/docs/line-login/integrate-line-login/
 */

export const LINE_ACCESS_ORIGIN = "https://access.line.me";
export const LINE_API_ORIGIN = "https://api.line.me";

export interface LineLoginChannel {
  channelId: string;
  channelSecret: string;
  /** access.line.me or its stand-in. */
  loginBaseUrl?: string | null | undefined;
  /** api.line.me or its stand-in. */
  apiBaseUrl?: string | null | undefined;
}

export interface AuthorizeRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
  /** `aggressive` shows the add-friend screen after consent; `normal` a checkbox. */
  botPrompt?: "normal" | "aggressive";
  /** The language of LINE's screens, e.g. `ja` or `en`. */
  uiLocales?: string;
}

export function authorizeUrl(channel: LineLoginChannel, request: AuthorizeRequest): string {
  const url = new URL("/oauth2/v2.1/authorize", channel.loginBaseUrl ?? LINE_ACCESS_ORIGIN);
  const params: Record<string, string | undefined> = {
    response_type: "code",
    client_id: channel.channelId,
    redirect_uri: request.redirectUri,
    state: request.state,
    scope: "profile openid",
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
    bot_prompt: request.botPrompt,
    ui_locales: request.uiLocales,
  };
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** The account-link dialog a company's sign-in page redirects to, with its nonce. */
export function accountLinkDialogUrl(
  loginBaseUrl: string | null | undefined,
  linkToken: string,
  nonce: string,
): string {
  const url = new URL("/dialog/bot/accountLink", loginBaseUrl ?? LINE_ACCESS_ORIGIN);
  url.searchParams.set("linkToken", linkToken);
  url.searchParams.set("nonce", nonce);
  return url.toString();
}

export type TokenExchange =
  | { ok: true; idToken: string; accessToken: string }
  | { ok: false; status: number; error: string };

/** Trades the callback's code (with the PKCE verifier) for tokens. */
export async function exchangeLoginCode(
  channel: LineLoginChannel,
  request: { code: string; redirectUri: string; codeVerifier: string },
): Promise<TokenExchange> {
  const response = await fetch(
    new URL("/oauth2/v2.1/token", channel.apiBaseUrl ?? LINE_API_ORIGIN),
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: request.code,
        redirect_uri: request.redirectUri,
        client_id: channel.channelId,
        client_secret: channel.channelSecret,
        code_verifier: request.codeVerifier,
      }),
      signal: AbortSignal.timeout(10_000),
    },
  );
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // LINE answers JSON; anything else is reported by status below.
  }
  if (!response.ok || typeof body.id_token !== "string" || typeof body.access_token !== "string") {
    const error =
      typeof body.error === "string"
        ? `${body.error}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""}`
        : `HTTP ${response.status}`;
    return { ok: false, status: response.status, error };
  }
  return { ok: true, idToken: body.id_token, accessToken: body.access_token };
}

/**
 * Whether the user is a friend of the LINE Official Account linked to the Login channel
 * (and has not blocked it); null when LINE does not say.
 * https://developers.line.biz/en/reference/line-login/#get-friendship-status
 */
export async function loginFriendshipStatus(
  channel: Pick<LineLoginChannel, "apiBaseUrl">,
  accessToken: string,
): Promise<boolean | null> {
  try {
    const response = await fetch(
      new URL("/friendship/v1/status", channel.apiBaseUrl ?? LINE_API_ORIGIN),
      { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(10_000) },
    );
    if (!response.ok) return null;
    const body = (await response.json()) as { friendFlag?: unknown };
    return typeof body.friendFlag === "boolean" ? body.friendFlag : null;
  } catch {
    return null;
  }
}
