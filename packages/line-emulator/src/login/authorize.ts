import { err, ok, type Result } from "../result.ts";
import type { PendingAuthorization, Scope } from "../state/login.ts";
import type { EmulatorState } from "../state/state.ts";

// Reading an authorization request (LDOC:integrate-line-login#making-an-authorization-request).
// As on LINE, a request whose client or callback cannot be trusted ends on an error page; any
// other problem goes back to the callback as `?error=…&error_description=…&state=…`.

export type AuthorizeQuery = Record<string, string | undefined>;

export type ResponseMode = PendingAuthorization["responseMode"];

/** A readable, trusted request: what the sign-in pages need. */
export type AuthorizeRequest = Omit<PendingAuthorization, "id" | "createdAt">;

export type AuthorizeProblem =
  | { kind: "page"; message: string }
  | { kind: "redirect"; redirect: CallbackRedirect };

/** Where the browser goes back to, with what (a code or an error). */
export type CallbackRedirect = {
  redirectUri: string;
  mode: ResponseMode;
  params: Record<string, string>;
};

const SCOPES: Scope[] = ["openid", "profile", "email"];
const PROMPTS = ["consent", "none", "login"] as const;
const BOT_PROMPTS = ["normal", "aggressive"] as const;
/** RFC 7636: 43–128 characters of the unreserved set; S256 gives 43 base64url characters. */
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function readAuthorizeRequest(
  state: EmulatorState,
  query: AuthorizeQuery,
): Result<AuthorizeRequest, AuthorizeProblem> {
  const channel = query.client_id ? state.login.channels.get(query.client_id) : undefined;
  if (!channel) return err({ kind: "page", message: "Invalid client_id." });
  const redirectUri = query.redirect_uri ?? "";
  if (!channel.callbackUrls.includes(redirectUri)) {
    return err({
      kind: "page",
      message:
        "Invalid redirect_uri value. Check that it matches a callback URL registered for the channel.",
    });
  }
  const responseMode = query.response_mode ?? "query";
  const back = (error: string, description: string) =>
    err<AuthorizeProblem>({
      kind: "redirect",
      redirect: errorRedirect(
        redirectUri,
        responseMode === "form_post" ? "form_post" : "query",
        error,
        description,
        query.state,
      ),
    });
  if (responseMode !== "query" && responseMode !== "form_post") {
    return back("invalid_request", "Unsupported response_mode.");
  }
  if (query.response_type !== "code") {
    return back("unsupported_response_type", "Unsupported response_type.");
  }
  if (!query.state) return back("invalid_request", "The state parameter is required.");
  const scopes = (query.scope ?? "").split(" ").filter(Boolean);
  if (
    scopes.length === 0 ||
    scopes.some((scope) => !SCOPES.includes(scope as Scope)) ||
    !(scopes.includes("openid") || scopes.includes("profile")) ||
    (scopes.includes("email") && !scopes.includes("openid"))
  ) {
    return back("invalid_scope", "The requested scope is invalid.");
  }
  const prompt = query.prompt;
  if (prompt !== undefined && !(PROMPTS as readonly string[]).includes(prompt)) {
    return back("invalid_request", "Invalid prompt value.");
  }
  const botPrompt = query.bot_prompt;
  if (botPrompt !== undefined && !(BOT_PROMPTS as readonly string[]).includes(botPrompt)) {
    return back("invalid_request", "Invalid bot_prompt value.");
  }
  const challenge = query.code_challenge;
  if (challenge !== undefined) {
    if ((query.code_challenge_method ?? "plain") !== "S256") {
      return back("invalid_request", "code_challenge_method must be S256.");
    }
    if (!CODE_CHALLENGE.test(challenge)) {
      return back("invalid_request", "Invalid code_challenge.");
    }
  }
  return ok({
    channelId: channel.channelId,
    redirectUri,
    state: query.state,
    scopes: SCOPES.filter((scope) => scopes.includes(scope)),
    ...(query.nonce ? { nonce: query.nonce } : {}),
    ...(prompt ? { prompt: prompt as PendingAuthorization["prompt"] } : {}),
    ...(botPrompt ? { botPrompt: botPrompt as PendingAuthorization["botPrompt"] } : {}),
    ...(challenge ? { codeChallenge: challenge } : {}),
    responseMode,
  });
}

export function errorRedirect(
  redirectUri: string,
  mode: ResponseMode,
  error: string,
  description: string,
  state: string | undefined,
): CallbackRedirect {
  return {
    redirectUri,
    mode,
    params: { error, error_description: description, ...(state ? { state } : {}) },
  };
}

/** The callback URL with the parameters in its query string (response_mode=query). */
export function callbackUrl(redirect: CallbackRedirect): string {
  const url = new URL(redirect.redirectUri);
  for (const [name, value] of Object.entries(redirect.params)) url.searchParams.set(name, value);
  return url.toString();
}
