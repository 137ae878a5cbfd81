import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { channelAccessToken, HTTPFetchError, validateSignature } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateSchema } from "../contract/openapi.ts";
import type { LoginChannel } from "../state/login.ts";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";

let running: Running;
let bot: WebhookReceiver;
let clock: number;
beforeEach(async () => {
  clock = Date.now();
  bot = await startWebhookReceiver();
  running = await startEmulator({ now: () => clock });
});
afterEach(async () => {
  await running.close();
  await bot.close();
});

const CALLBACK = "https://shop.example/auth/line/callback";

type Arranged = {
  oa: Channel;
  login: LoginChannel;
  friends: string[];
  strangers: string[];
};

/** A LINE Official Account with a LINE Login channel linked to it (same provider). */
async function arrange(): Promise<Arranged> {
  const {
    channel: oa,
    friends,
    strangers,
  } = await arrangeChannel(running.control, {
    webhookUrl: bot.url,
    friends: 1,
    strangers: 2,
  });
  await eventually(() => bot.requests.length >= 1, "the friend's follow webhook");
  bot.requests.length = 0;
  const created = await running.control.post<LoginChannel>("/login-channels", {
    name: "Shop login",
    linkedChannelId: oa.channelId,
    callbackUrls: [CALLBACK],
  });
  expect(created.status).toBe(201);
  return { oa, login: created.body, friends, strangers };
}

function authorizeUrl(login: LoginChannel, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: login.channelId,
    redirect_uri: CALLBACK,
    state: "state-123",
    scope: "profile openid email",
    nonce: "nonce-456",
    ...extra,
  });
  return `${running.baseURL}/oauth2/v2.1/authorize?${query}`;
}

/** What the person's browser does, without a browser: follow the pages' forms. */
async function signInThroughPages(
  url: string,
  as: string,
  consent: { decision?: "allow" | "cancel"; addFriend?: boolean } = {},
): Promise<{ location: URL; cookie: string }> {
  const start = await fetch(url, { redirect: "manual" });
  if (start.status === 302)
    return { location: new URL(start.headers.get("location")!), cookie: "" };
  expect(start.status).toBe(200);
  const tx = /name="tx" value="([^"]+)"/.exec(await start.text())![1]!;
  const login = await fetch(`${running.baseURL}/oauth2/v2.1/authorize/login`, {
    method: "POST",
    body: new URLSearchParams({ tx, userId: as }),
    redirect: "manual",
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  if (login.status === 302) return { location: new URL(login.headers.get("location")!), cookie };
  expect(login.status).toBe(303);
  const consentPage = await (
    await fetch(new URL(login.headers.get("location")!, running.baseURL))
  ).text();
  const form = new URLSearchParams({ tx, decision: consent.decision ?? "allow" });
  const offered = consentPage.includes('name="addFriend"');
  const checked = consentPage.includes('name="addFriend" value="on" checked');
  if (offered && (consent.addFriend ?? checked)) form.set("addFriend", "on");
  const decided = await fetch(`${running.baseURL}/oauth2/v2.1/authorize/consent`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(decided.status).toBe(302);
  return { location: new URL(decided.headers.get("location")!), cookie };
}

async function postForm(path: string, form: Record<string, string>) {
  const response = await fetch(`${running.baseURL}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function exchange(login: LoginChannel, code: string, extra: Record<string, string> = {}) {
  return postForm("/oauth2/v2.1/token", {
    grant_type: "authorization_code",
    code,
    redirect_uri: CALLBACK,
    client_id: login.channelId,
    client_secret: login.channelSecret,
    ...extra,
  });
}

/** Verifies an HS256 ID token with node:crypto, as a web app would, and returns its payload. */
function verifyIdTokenLocally(idToken: string, secret: string): Record<string, unknown> {
  const [header, payload, signature] = idToken.split(".") as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  expect(signature).toBe(expected);
  expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({
    typ: "JWT",
    alg: "HS256",
  });
  return JSON.parse(Buffer.from(payload, "base64url").toString());
}

describe("signing in with LINE", () => {
  it("gives a code for the state, tokens for the code, and an ID token LINE-signed with the channel secret", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get("state")).toBe("state-123");
    const code = location.searchParams.get("code")!;
    expect(code).toBeTruthy();

    const tokens = await exchange(login, code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      access_token: expect.any(String),
      expires_in: 2592000,
      id_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: "openid profile email",
      token_type: "Bearer",
    });
    const payload = verifyIdTokenLocally(tokens.body.id_token, login.channelSecret);
    const now = Math.floor(clock / 1000);
    expect(payload).toEqual({
      iss: "https://access.line.me",
      sub: friends[0],
      aud: login.channelId,
      exp: now + 3600,
      iat: now,
      auth_time: now,
      nonce: "nonce-456",
      amr: ["pwd"],
      name: "Friend 1",
      email: expect.stringMatching(/@/),
    });
  });

  it("gives the user the same user ID as in the provider's Messaging API channel", async () => {
    const { oa, login, strangers } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), strangers[0]!);
    const tokens = await exchange(login, location.searchParams.get("code")!);
    const profile = await fetch(`${running.baseURL}/v2/profile`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(await profile.json()).toEqual({ userId: strangers[0], displayName: "Stranger 1" });
    const { body: user } = await running.control.get<{ channelId: string }>(
      `/users/${strangers[0]}`,
    );
    expect(user.channelId).toBe(oa.channelId);
  });

  it("verifies the ID token on the server: payload back, or LINE's reasons", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
    const verified = await postForm("/oauth2/v2.1/verify", {
      id_token: tokens.id_token,
      client_id: login.channelId,
      nonce: "nonce-456",
      user_id: friends[0]!,
    });
    expect(verified.status).toBe(200);
    expect(verified.body.sub).toBe(friends[0]);

    const problems = await Promise.all([
      postForm("/oauth2/v2.1/verify", {
        id_token: tokens.id_token,
        client_id: login.channelId,
        nonce: "other",
      }),
      postForm("/oauth2/v2.1/verify", {
        id_token: `${tokens.id_token}x`,
        client_id: login.channelId,
      }),
      postForm("/oauth2/v2.1/verify", { id_token: tokens.id_token, client_id: "1234567890" }),
      postForm("/oauth2/v2.1/verify", {
        id_token: tokens.id_token,
        client_id: login.channelId,
        user_id: `U${"0".repeat(32)}`,
      }),
    ]);
    expect(problems.map((p) => [p.status, p.body])).toEqual([
      [400, { error: "invalid_request", error_description: "Invalid IdToken Nonce." }],
      [400, { error: "invalid_request", error_description: "Invalid IdToken." }],
      [400, { error: "invalid_request", error_description: "Invalid IdToken Audience." }],
      [400, { error: "invalid_request", error_description: "Invalid IdToken Subject Identifier." }],
    ]);
    clock += 3600 * 1000 + 1000;
    expect(
      (
        await postForm("/oauth2/v2.1/verify", {
          id_token: tokens.id_token,
          client_id: login.channelId,
        })
      ).body,
    ).toEqual({ error: "invalid_request", error_description: "IdToken expired." });
  });

  it("verifies and revokes the access token through the SDK's channel access token client", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(
      authorizeUrl(login, { scope: "profile" }),
      friends[0]!,
    );
    const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
    expect(tokens).not.toHaveProperty("id_token");
    const oauth = new channelAccessToken.ChannelAccessTokenClient({ baseURL: running.baseURL });
    const verified = await oauth.verifyChannelTokenByJWT(tokens.access_token);
    expect(verified).toEqual({ client_id: login.channelId, expires_in: 2592000, scope: "profile" });
    expect(
      validateSchema("channel-access-token.yml", "VerifyChannelAccessTokenResponse", verified),
    ).toEqual({ ok: true });

    await oauth.revokeChannelTokenByJWT(login.channelId, login.channelSecret, tokens.access_token);
    try {
      await oauth.verifyChannelTokenByJWT(tokens.access_token);
      throw new Error("expected the revoked token to fail");
    } catch (error) {
      expect(error).toBeInstanceOf(HTTPFetchError);
      const failure = error as HTTPFetchError;
      expect(failure.status).toBe(400);
      const body = JSON.parse(failure.body);
      expect(body).toEqual({ error: "invalid_request", error_description: "invalid access token" });
      expect(validateSchema("channel-access-token.yml", "ErrorResponse", body)).toEqual({
        ok: true,
      });
    }
    // Its refresh token went with it.
    const refreshed = await postForm("/oauth2/v2.1/token", {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
      client_id: login.channelId,
      client_secret: login.channelSecret,
    });
    expect(refreshed.body.error).toBe("invalid_grant");
  });

  it("refreshes an access token", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
    const refreshed = await postForm("/oauth2/v2.1/token", {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
      client_id: login.channelId,
      client_secret: login.channelSecret,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({
      access_token: expect.any(String),
      expires_in: 2592000,
      refresh_token: expect.any(String),
      scope: "openid profile email",
      token_type: "Bearer",
    });
    const profile = await fetch(`${running.baseURL}/v2/profile`, {
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
    });
    expect(profile.status).toBe(200);
  });

  it("answers /v2/profile 401 without a valid token", async () => {
    const response = await fetch(`${running.baseURL}/v2/profile`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(response.status).toBe(401);
  });

  it("sends access_denied when the person cancels", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!, {
      decision: "cancel",
    });
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "access_denied",
      error_description: "The resource owner denied the request.",
      state: "state-123",
    });
  });
});

describe("refusals", () => {
  it("shows an error page, and does not redirect, for a redirect_uri that is not registered", async () => {
    const { login } = await arrange();
    const response = await fetch(
      authorizeUrl(login, { redirect_uri: "https://evil.example/callback" }),
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("Invalid redirect_uri");
  });

  it("sends invalid_scope back to the callback", async () => {
    const { login } = await arrange();
    const response = await fetch(authorizeUrl(login, { scope: "email" }), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location")!).searchParams.get("error")).toBe(
      "invalid_scope",
    );
  });

  it("refuses a code exchanged with another redirect_uri", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const refused = await exchange(login, location.searchParams.get("code")!, {
      redirect_uri: "https://shop.example/other",
    });
    expect(refused).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "redirect_uri does not match." },
    });
  });

  it("refuses a reused code, and revokes what the first exchange gave", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const code = location.searchParams.get("code")!;
    const first = await exchange(login, code);
    expect(first.status).toBe(200);
    const second = await exchange(login, code);
    expect(second).toEqual({
      status: 400,
      body: {
        error: "invalid_grant",
        error_description: "The authorization code has already been used.",
      },
    });
    const verify = await fetch(
      `${running.baseURL}/oauth2/v2.1/verify?access_token=${encodeURIComponent(first.body.access_token)}`,
    );
    expect(verify.status).toBe(400);
  });

  it("refuses a code older than 10 minutes", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    clock += 10 * 60 * 1000 + 1;
    expect((await exchange(login, location.searchParams.get("code")!)).body.error).toBe(
      "invalid_grant",
    );
  });

  it("checks PKCE: the right verifier passes, a wrong or missing one is refused", async () => {
    const { login, friends } = await arrange();
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const pkce = { code_challenge: challenge, code_challenge_method: "S256" };
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { location } = await signInThroughPages(authorizeUrl(login, pkce), friends[0]!);
      codes.push(location.searchParams.get("code")!);
    }
    expect(await exchange(login, codes[0]!, { code_verifier: `${verifier}x` })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid code_verifier." },
    });
    expect((await exchange(login, codes[1]!)).body.error_description).toBe(
      "code_verifier is required.",
    );
    expect((await exchange(login, codes[2]!, { code_verifier: verifier })).status).toBe(200);
  });

  it("refuses a wrong client secret", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const refused = await exchange(login, location.searchParams.get("code")!, {
      client_secret: "0".repeat(32),
    });
    expect(refused.body.error).toBe("invalid_client");
  });
});

describe("adding the LINE Official Account as a friend (bot_prompt)", () => {
  it("aggressive: the box is ticked, the follow webhook goes to the OA, friendship_status_changed=true", async () => {
    const { oa, login, strangers } = await arrange();
    const { location } = await signInThroughPages(
      authorizeUrl(login, { bot_prompt: "aggressive" }),
      strangers[0]!,
    );
    expect(location.searchParams.get("friendship_status_changed")).toBe("true");
    const [request] = await eventually(
      () => bot.requests.length > 0 && bot.requests,
      "follow webhook",
    );
    expect(
      validateSignature(
        request!.rawBody,
        oa.channelSecret,
        request!.headers["x-line-signature"] as string,
      ),
    ).toBe(true);
    expect(request!.body.events[0]).toMatchObject({
      type: "follow",
      source: { type: "user", userId: strangers[0] },
    });
    const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
    const status = await fetch(`${running.baseURL}/friendship/v1/status`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await status.json()).toEqual({ friendFlag: true });
  });

  it("normal: the box starts unticked; left so, friendship_status_changed=false", async () => {
    const { login, strangers } = await arrange();
    const { location } = await signInThroughPages(
      authorizeUrl(login, { bot_prompt: "normal" }),
      strangers[1]!,
    );
    expect(location.searchParams.get("friendship_status_changed")).toBe("false");
    expect(bot.requests).toEqual([]);
  });

  it("is not offered to a friend, so the parameter is absent", async () => {
    const { login, friends } = await arrange();
    const { location } = await signInThroughPages(
      authorizeUrl(login, { bot_prompt: "aggressive" }),
      friends[0]!,
    );
    expect(location.searchParams.has("friendship_status_changed")).toBe(false);
  });
});

describe("signing in again", () => {
  it("prompt=none signs the remembered user in at once; without a session it is login_required", async () => {
    const { login, friends } = await arrange();
    const { cookie } = await signInThroughPages(authorizeUrl(login), friends[0]!);
    const again = await fetch(authorizeUrl(login, { prompt: "none" }), {
      headers: { cookie },
      redirect: "manual",
    });
    expect(again.status).toBe(302);
    const location = new URL(again.headers.get("location")!);
    const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
    expect(verifyIdTokenLocally(tokens.id_token, login.channelSecret).amr).toEqual([
      "lineautologin",
    ]);

    const anonymous = await fetch(authorizeUrl(login, { prompt: "none" }), { redirect: "manual" });
    expect(new URL(anonymous.headers.get("location")!).searchParams.get("error")).toBe(
      "login_required",
    );
  });
});

describe("the data file", () => {
  it("keeps Login channels, consents and tokens across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "line-emulator-login-"));
    try {
      await running.close();
      running = await startEmulator({ dataFile: join(dir, "emulator.json"), now: () => clock });
      const { login, friends } = await arrange();
      const { location } = await signInThroughPages(authorizeUrl(login), friends[0]!);
      const { body: tokens } = await exchange(login, location.searchParams.get("code")!);
      await running.close();
      running = await startEmulator({ dataFile: join(dir, "emulator.json"), now: () => clock });
      const { body: again } = await running.control.get<LoginChannel>(
        `/login-channels/${login.channelId}`,
      );
      expect(again).toEqual(login);
      const profile = await fetch(`${running.baseURL}/v2/profile`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect((await profile.json()).userId).toBe(friends[0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the control API", () => {
  it("signs a virtual user in from a script, ticking the friend box for aggressive", async () => {
    const { login, strangers } = await arrange();
    const result = await running.control.post<{ location: string; params: Record<string, string> }>(
      `/users/${strangers[0]}/line-login`,
      { authorizeUrl: authorizeUrl(login, { bot_prompt: "aggressive" }) },
    );
    expect(result.status).toBe(200);
    expect(result.body.params).toEqual({
      code: expect.any(String),
      state: "state-123",
      friendship_status_changed: "true",
    });
    expect(result.body.location.startsWith(`${CALLBACK}?code=`)).toBe(true);
    expect((await exchange(login, result.body.params.code!)).status).toBe(200);
  });

  it("refuses to link a LINE Official Account of another provider", async () => {
    const { channel: oa } = await arrangeChannel(running.control);
    const refused = await running.control.post<{ error: { code: string } }>("/login-channels", {
      providerId: "another-provider",
      linkedChannelId: oa.channelId,
      callbackUrls: [CALLBACK],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("provider_mismatch");
  });
});
