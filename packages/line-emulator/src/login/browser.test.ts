import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { messagingApi, validateSignature } from "@line/bot-sdk";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoginChannel } from "../state/login.ts";
import type { Channel } from "../state/types.ts";
import { eventually, type Running, startEmulator } from "../testing/harness.ts";

// A person in Chromium signs in to a shop's website with LINE (bot_prompt=aggressive, so the
// shop's LINE Official Account is offered as a friend), then links their LINE account on the
// account-link dialog. The shop is a tiny web app in this test: it runs the OAuth flow, verifies
// the ID token with node:crypto, and receives webhooks, checking each signature with the SDK.

const CHROMIUM = "/usr/bin/chromium";
// On this test machine's closed network Chromium must not reach out on its own.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

type ShopEvent = Record<string, unknown> & { type: string };

type Shop = {
  url: string;
  events: ShopEvent[];
  badSignatures: number;
  /** The nonce the shop generated for each link token (DOC:linking-accounts step 4). */
  nonces: Map<string, string>;
  close(): Promise<void>;
};

/** The shop's website and bot server. */
async function startShop(
  emulator: string,
  oa: () => Channel,
  login: () => LoginChannel,
): Promise<Shop> {
  const events: ShopEvent[] = [];
  const nonces = new Map<string, string>();
  const pending = new Map<string, { nonce: string; verifier: string }>();
  const shop: Shop = { url: "", events, badSignatures: 0, nonces, close: async () => {} };

  const routes: Record<
    string,
    (url: URL, body: Buffer, req: IncomingMessage, res: ServerResponse) => Promise<void>
  > = {
    "/login": async (_url, _body, _req, res) => {
      const state = randomBytes(16).toString("hex");
      const verifier = randomBytes(32).toString("base64url");
      pending.set(state, { nonce: randomBytes(16).toString("hex"), verifier });
      const query = new URLSearchParams({
        response_type: "code",
        client_id: login().channelId,
        redirect_uri: `${shop.url}/callback`,
        state,
        scope: "profile openid",
        nonce: pending.get(state)!.nonce,
        bot_prompt: "aggressive",
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      });
      res.writeHead(302, { location: `${emulator}/oauth2/v2.1/authorize?${query}` }).end();
    },
    "/callback": async (url, _body, _req, res) => {
      const state = url.searchParams.get("state")!;
      const started = pending.get(state);
      if (!started) return void res.writeHead(400).end("unknown state");
      const token = await fetch(`${emulator}/oauth2/v2.1/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: url.searchParams.get("code")!,
          redirect_uri: `${shop.url}/callback`,
          client_id: login().channelId,
          client_secret: login().channelSecret,
          code_verifier: started.verifier,
        }),
      });
      const { id_token } = (await token.json()) as { id_token: string };
      const [header, payload, signature] = id_token.split(".") as [string, string, string];
      const expected = createHmac("sha256", login().channelSecret)
        .update(`${header}.${payload}`)
        .digest("base64url");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
      const valid =
        signature === expected &&
        claims.nonce === started.nonce &&
        claims.aud === login().channelId;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
        `<h1>${valid ? "Welcome" : "Invalid token"}</h1>
<p id="user">${claims.sub}</p>
<p id="friendship">${url.searchParams.get("friendship_status_changed")}</p>`,
      );
    },
    // The account-link step: the shop knows the signed-in member, makes a nonce, sends the
    // browser on to LINE's dialog.
    "/link": async (url, _body, _req, res) => {
      const linkToken = url.searchParams.get("linkToken")!;
      const nonce = randomBytes(18).toString("base64url");
      nonces.set(linkToken, nonce);
      const query = new URLSearchParams({ linkToken, nonce });
      res.writeHead(302, { location: `${emulator}/dialog/bot/accountLink?${query}` }).end();
    },
    "/webhook": async (_url, body, req, res) => {
      const signature = req.headers["x-line-signature"];
      if (
        typeof signature !== "string" ||
        !validateSignature(body, oa().channelSecret, signature)
      ) {
        shop.badSignatures++;
        return void res.writeHead(401).end();
      }
      events.push(...(JSON.parse(body.toString()).events as ShopEvent[]));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    },
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url!, shop.url);
      const route = routes[url.pathname];
      if (!route) return void res.writeHead(404).end();
      route(url, Buffer.concat(chunks), req, res).catch((error) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  shop.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  shop.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return shop;
}

describe("LINE Login and account linking in Chromium", () => {
  let running: Running;
  let browser: Browser;
  let shop: Shop;
  let oa: Channel;
  let login: LoginChannel;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: npm test installs it with apt`);
    running = await startEmulator();
    shop = await startShop(
      running.baseURL,
      () => oa,
      () => login,
    );
    oa = (
      await running.control.post<Channel>("/channels", {
        name: "Green Grocer",
        webhookUrl: `${shop.url}/webhook`,
      })
    ).body;
    await running.control.post(`/channels/${oa.channelId}/users`, { displayName: "Hanako" });
    login = (
      await running.control.post<LoginChannel>("/login-channels", {
        name: "Green Grocer members",
        linkedChannelId: oa.channelId,
        callbackUrls: [`${shop.url}/callback`],
      })
    ).body;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await shop?.close();
  });

  it("signs in with the friend box ticked, then links the account; the shop gets follow and accountLink", async () => {
    const page = await browser.newPage();
    await page.goto(`${shop.url}/login`);

    // LINE's sign-in page: pick who signs in.
    await page.getByRole("radio", { name: /Hanako/ }).check();
    await page.getByRole("button", { name: "Log in" }).click();

    // Consent, with the OA offered as a friend and the box ticked (aggressive).
    const addFriend = page.getByRole("checkbox", { name: "Add Green Grocer as a friend" });
    await expect.poll(() => addFriend.isChecked()).toBe(true);
    await page.getByRole("button", { name: "Allow" }).click();

    // Back at the shop, with a verified ID token.
    await page.getByRole("heading", { name: "Welcome" }).waitFor();
    const userId = (await page.locator("#user").textContent())!;
    expect(userId).toMatch(/^U[0-9a-f]{32}$/);
    expect(await page.locator("#friendship").textContent()).toBe("true");

    const follow = await eventually(
      () => shop.events.find((event) => event.type === "follow"),
      "the follow webhook",
    );
    expect(follow.source).toEqual({ type: "user", userId });

    // The bot issues a link token and sends the user to the shop's link page.
    const bot = new messagingApi.MessagingApiClient({
      channelAccessToken: oa.channelAccessToken,
      baseURL: running.baseURL,
    });
    const { linkToken } = await bot.issueLinkToken(userId);
    await page.goto(`${shop.url}/link?linkToken=${linkToken}`);

    // LINE's dialog knows who is signed in from the login.
    await expect.poll(() => page.getByLabel("Signed in to LINE as").inputValue()).toBe(userId);
    await page.getByRole("button", { name: "Link accounts" }).click();
    await page.getByRole("heading", { name: "Accounts linked" }).waitFor();

    const linked = await eventually(
      () => shop.events.find((event) => event.type === "accountLink"),
      "the accountLink webhook",
    );
    expect(linked).toMatchObject({
      source: { type: "user", userId },
      link: { result: "ok", nonce: shop.nonces.get(linkToken) },
      replyToken: expect.any(String),
    });
    expect(shop.badSignatures).toBe(0);

    // The link is used up: opening it again shows LINE's error and sends nothing.
    await page.goto(`${shop.url}/link?linkToken=${linkToken}`);
    await page.getByRole("alert").filter({ hasText: "already been used" }).waitFor();
    expect(shop.events.filter((event) => event.type === "accountLink")).toHaveLength(1);
  });
});
