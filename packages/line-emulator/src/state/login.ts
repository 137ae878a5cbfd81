import type { EmulatorState } from "./state.ts";

// LINE Login v2.1 (https://developers.line.biz/en/reference/line-login/): channels, the sign-ins
// in progress, authorization codes and the tokens they were exchanged for.

/** A LINE Login channel. It belongs to a provider and may be linked to one Messaging API channel. */
export type LoginChannel = {
  channelId: string;
  channelSecret: string;
  name: string;
  providerId: string;
  /** The LINE Official Account offered by `bot_prompt` (same provider). */
  linkedChannelId: string | null;
  /** Registered callback URLs; `redirect_uri` must be one of them exactly. */
  callbackUrls: string[];
  createdAt: string;
};

export type Scope = "openid" | "profile" | "email";

/** An authorization request a person is going through on the sign-in pages. */
export type PendingAuthorization = {
  id: string;
  channelId: string;
  redirectUri: string;
  state: string;
  scopes: Scope[];
  nonce?: string;
  prompt?: "consent" | "none" | "login";
  botPrompt?: "normal" | "aggressive";
  codeChallenge?: string;
  /** How the result goes back: query string, or an auto-submitted form. */
  responseMode: "query" | "form_post";
  createdAt: number;
  /** Set once someone signed in on the first page. */
  userId?: string;
  authTime?: number;
  amr?: string[];
};

export type AuthorizationCode = {
  code: string;
  channelId: string;
  userId: string;
  redirectUri: string;
  scopes: Scope[];
  nonce?: string;
  codeChallenge?: string;
  issuedAt: number;
  authTime: number;
  amr: string[];
  /** When it was exchanged; a second exchange is refused and revokes what the first issued. */
  usedAt?: number;
  accessToken?: string;
};

export type LoginAccessToken = {
  token: string;
  channelId: string;
  userId: string;
  scopes: Scope[];
  issuedAt: number;
  expiresAt: number;
  refreshToken: string;
};

export type LoginRefreshToken = {
  token: string;
  channelId: string;
  userId: string;
  scopes: Scope[];
  expiresAt: number;
  accessToken: string;
};

export type LoginState = {
  channels: Map<string, LoginChannel>;
  /** Sign-ins in progress; minutes long, so never saved. */
  pending: Map<string, PendingAuthorization>;
  /** Codes live 10 minutes, so never saved. */
  codes: Map<string, AuthorizationCode>;
  accessTokens: Map<string, LoginAccessToken>;
  refreshTokens: Map<string, LoginRefreshToken>;
  /** `${channelId} ${userId}` → scopes the user agreed to; later sign-ins skip the consent page. */
  consents: Map<string, Scope[]>;
};

export type LoginSnapshot = {
  channels: LoginChannel[];
  accessTokens: LoginAccessToken[];
  refreshTokens: LoginRefreshToken[];
  consents: { channelId: string; userId: string; scopes: Scope[] }[];
};

export function createLoginState(): LoginState {
  return {
    channels: new Map(),
    pending: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    consents: new Map(),
  };
}

export function consentKey(channelId: string, userId: string): string {
  return `${channelId} ${userId}`;
}

/** Removes codes, sign-ins and tokens past their lifetime. */
export function sweepLogin(state: EmulatorState, nowMs: number, pendingTtlMs: number): void {
  const login = state.login;
  for (const [id, pending] of login.pending) {
    if (nowMs - pending.createdAt > pendingTtlMs) login.pending.delete(id);
  }
  for (const [code, grant] of login.codes) {
    if (nowMs - grant.issuedAt > pendingTtlMs) login.codes.delete(code);
  }
  for (const [token, access] of login.accessTokens) {
    if (access.expiresAt <= nowMs) login.accessTokens.delete(token);
  }
  for (const [token, refresh] of login.refreshTokens) {
    if (refresh.expiresAt <= nowMs) login.refreshTokens.delete(token);
  }
}

export function takeLoginSnapshot(state: EmulatorState, nowMs: number): LoginSnapshot {
  const login = state.login;
  return {
    channels: [...login.channels.values()],
    accessTokens: [...login.accessTokens.values()].filter((t) => t.expiresAt > nowMs),
    refreshTokens: [...login.refreshTokens.values()].filter((t) => t.expiresAt > nowMs),
    consents: [...login.consents].map(([key, scopes]) => {
      const [channelId = "", userId = ""] = key.split(" ");
      return { channelId, userId, scopes };
    }),
  };
}

export function restoreLoginSnapshot(state: EmulatorState, snapshot: LoginSnapshot): void {
  const login = state.login;
  for (const channel of snapshot.channels) login.channels.set(channel.channelId, channel);
  for (const token of snapshot.accessTokens) login.accessTokens.set(token.token, token);
  for (const token of snapshot.refreshTokens) login.refreshTokens.set(token.token, token);
  for (const { channelId, userId, scopes } of snapshot.consents) {
    login.consents.set(consentKey(channelId, userId), scopes);
  }
}
