import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Test doubles for what the linking routes call out to: LINE Login's token and
 * friendship endpoints (an HS256 ID token for the code's user and nonce) and a company's
 * credential check. The end-to-end tests use the real emulator instead.
 */
export interface FakeLine {
  url: string;
  /** A code the token endpoint trades for an ID token of `sub` carrying `nonce`. */
  codeFor(sub: string, nonce: string, options?: { friend?: boolean }): string;
  close(): Promise<void>;
}

export async function startFakeLineLogin(
  channelId: string,
  channelSecret: string,
): Promise<FakeLine> {
  const friends = new Map<string, boolean>();
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      response.setHeader("content-type", "application/json");
      if (request.method === "POST" && url.pathname === "/oauth2/v2.1/token") {
        const form = new URLSearchParams(body);
        const code = form.get("code") ?? "";
        if (form.get("client_secret") !== channelSecret || !form.get("code_verifier")) {
          response.statusCode = 400;
          return response.end(JSON.stringify({ error: "invalid_client" }));
        }
        const { sub, nonce } = JSON.parse(Buffer.from(code, "base64url").toString()) as {
          sub: string;
          nonce: string;
        };
        const now = Math.floor(Date.now() / 1000);
        return response.end(
          JSON.stringify({
            access_token: `access-${sub}`,
            id_token: jwt(
              {
                iss: "https://access.line.me",
                sub,
                aud: channelId,
                exp: now + 3600,
                iat: now,
                nonce,
              },
              channelSecret,
            ),
            token_type: "Bearer",
          }),
        );
      }
      if (request.method === "GET" && url.pathname === "/friendship/v1/status") {
        const sub = (request.headers.authorization ?? "").replace("Bearer access-", "");
        return response.end(JSON.stringify({ friendFlag: friends.get(sub) ?? false }));
      }
      response.statusCode = 404;
      response.end("{}");
    });
  });
  const url = await listen(server);
  return {
    url,
    codeFor(sub, nonce, options = {}) {
      friends.set(sub, options.friend ?? true);
      return Buffer.from(JSON.stringify({ sub, nonce })).toString("base64url");
    },
    close: () => close(server),
  };
}

export function jwt(payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const head = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** A company endpoint that knows one member: `loginId` / `password` → `externalId`. */
export async function startFakeCompany(member: {
  loginId: string;
  password: string;
  externalId: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const given = JSON.parse(body || "{}") as { loginId?: string; password?: string };
      response.setHeader("content-type", "application/json");
      if (given.loginId === member.loginId && given.password === member.password) {
        response.end(JSON.stringify({ externalId: member.externalId }));
      } else {
        response.statusCode = 401;
        response.end("{}");
      }
    });
  });
  const url = await listen(server);
  return { url, close: () => close(server) };
}

/**
 * A company site that signs visitors in with Kizuna's auto-login links: a page opened with
 * `kizuna_token` trades it through the public API and answers who is signed in, or 401 with
 * Kizuna's refusal code.
 */
export async function startCompanySite(kizuna: {
  url: string;
  apiKey: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? "/", "http://site").searchParams.get("kizuna_token");
    response.setHeader("content-type", "application/json");
    if (!token) {
      response.statusCode = 401;
      return response.end(JSON.stringify({ signedIn: null, refused: "no_token" }));
    }
    void fetch(`${kizuna.url}/api/v1/auto-login-links/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${kizuna.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ token }),
    })
      .then(async (verified) => {
        const body = (await verified.json()) as { externalId?: string; error?: { code: string } };
        response.statusCode = verified.ok ? 200 : 401;
        response.end(
          JSON.stringify(
            verified.ok
              ? { signedIn: body.externalId }
              : { signedIn: null, refused: body.error?.code },
          ),
        );
      })
      .catch(() => {
        response.statusCode = 502;
        response.end("{}");
      });
  });
  const url = await listen(server);
  return { url, close: () => close(server) };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
