import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LinkOpen } from "../state/engagement.ts";
import type { LoginChannel } from "../state/login.ts";
import { arrangeChannel, type Running, startEmulator } from "../testing/harness.ts";

// LINE's in-app browser is signed in to LINE Login as the phone's user: a click-tracking
// redirect through LINE Login learns who clicked without showing a page.

let running: Running;
let site: Server;
let origin: string;
let callbacks: URLSearchParams[];
let login: LoginChannel;

beforeEach(async () => {
  running = await startEmulator();
  callbacks = [];
  site = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname === "/t") {
      const authorize = new URL("/oauth2/v2.1/authorize", running.baseURL);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: login.channelId,
        redirect_uri: `${origin}/callback`,
        state: "click-state",
        scope: "openid",
        nonce: "n-1",
      }).toString();
      response.writeHead(302, { location: authorize.toString() }).end();
    } else if (url.pathname === "/callback") {
      callbacks.push(url.searchParams);
      response.writeHead(302, { location: "/sale" }).end();
    } else response.writeHead(200).end("sale");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterEach(async () => {
  site.closeAllConnections();
  site.close();
  await running.close();
});

async function arrangeLogin() {
  const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
  const created = await running.control.post<LoginChannel>("/login-channels", {
    name: "Shop login",
    linkedChannelId: channel.channelId,
    callbackUrls: [`${origin}/callback`],
  });
  expect(created.status).toBe(201);
  login = created.body;
  return { friend: friends[0]! };
}

describe("opening a link that goes through LINE Login", () => {
  it("comes back signed in as the friend, with no sign-in page, and ends on the page", async () => {
    const { friend } = await arrangeLogin();
    const { body } = await running.control.post<LinkOpen>(`/users/${friend}/open-link`, {
      url: `${origin}/t`,
    });
    expect(body).toMatchObject({ finalUrl: `${origin}/sale`, status: 200, redirects: 3 });
    expect(callbacks).toHaveLength(1);
    const code = callbacks[0]!.get("code")!;
    expect(callbacks[0]!.get("state")).toBe("click-state");

    const tokens = await fetch(`${running.baseURL}/oauth2/v2.1/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: `${origin}/callback`,
        client_id: login.channelId,
        client_secret: login.channelSecret,
      }),
    });
    expect(tokens.status).toBe(200);
    const { id_token } = (await tokens.json()) as { id_token: string };
    const claims = JSON.parse(Buffer.from(id_token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ sub: friend, nonce: "n-1", amr: ["lineautologin"] });
  });

  it("shows the sign-in page to a user of another provider, who cannot log in to the channel", async () => {
    await arrangeLogin();
    const { friends } = await arrangeChannel(running.control, { friends: 1 });
    const { body } = await running.control.post<LinkOpen>(`/users/${friends[0]}/open-link`, {
      url: `${origin}/t`,
    });
    expect(body.status).toBe(200);
    expect(new URL(body.finalUrl).pathname).toBe("/oauth2/v2.1/authorize");
    expect(callbacks).toEqual([]);
  });
});
