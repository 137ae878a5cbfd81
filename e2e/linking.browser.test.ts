import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeCompany } from "../packages/server/src/linking/testing.ts";
import { launchChromium } from "./chromium.ts";
import { control, eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

const SHOTS = join(import.meta.dirname, "..", process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e");
// A phone: these pages are opened from the LINE app.
const PHONE = {
  viewport: { width: 390, height: 844 },
  locale: "ja-JP",
  isMobile: true,
  hasTouch: true,
};

const kind = testDatabaseKinds().at(-1)!;
const OWNER = { email: "owner@example.jp", password: "a long enough password" };

describe(`ID linking in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let company: Awaited<ReturnType<typeof startFakeCompany>>;
  let apiKey: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    company = await startFakeCompany({
      loginId: "taro@example.jp",
      password: "s3cret",
      externalId: "M-9001",
    });
    stack = await startStack(kind, { linking: { verifyUrl: company.url } });
    const admin = await signUpOwner(stack.url, OWNER.email, OWNER.password);
    const login = await control<{ channelId: string; channelSecret: string }>(
      stack.emulatorUrl,
      "POST",
      "/_emulator/login-channels",
      {
        name: "Test Shop Login",
        linkedChannelId: stack.lineChannel.channelId,
        callbackUrls: [`${stack.url}/login/line/callback`],
      },
    );
    await admin.request("PUT", `/api/channels/${stack.channel.id}/login-channel`, {
      loginChannelId: login.channelId,
      loginChannelSecret: login.channelSecret,
      loginBaseUrl: stack.emulatorUrl,
    });
    const key = await admin.request("POST", "/api/api-keys", {
      name: "Shop site",
      scopes: ["linking:write"],
    });
    apiKey = ((await key.json()) as { key: string }).key;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await company?.close();
  });

  async function linkedMember(lineUserId: string) {
    const row = await stack.database.db
      .selectFrom("friends as f")
      .leftJoin("members as m", "m.id", "f.member_id")
      .select("m.external_id")
      .where("f.line_user_id", "=", lineUserId)
      .executeTakeFirst();
    return row?.external_id ?? null;
  }

  /** The company site: any page under it answers, so the browser can land there offline. */
  async function fakeShop(page: Page) {
    await page.route("https://shop.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: "<!doctype html><title>Shop</title><p>Welcome back</p>",
      }),
    );
  }

  it("links through the hosted sign-in page and LINE's account-link dialog", async () => {
    const userId = await stack.addUser("ブラウザ 花子");
    await stack.act(userId, "follow");
    await stack.act(userId, "messages", { text: "連携" });
    const signInUrl = await eventually(async () => {
      const messages = (await stack.received(userId)) as {
        message: { template?: { actions: { uri?: string }[] } };
      }[];
      return messages[0]?.message.template?.actions[0]?.uri;
    });

    const page = await browser.newPage(PHONE);
    await page.goto(signInUrl);
    await expect(
      page.getByRole("heading", { name: "会員IDとLINEの連携" }).isVisible(),
    ).resolves.toBe(true);
    await page.getByLabel("ログインID").fill("taro@example.jp");
    await page.getByLabel("パスワード").fill("wrong");
    await page.getByRole("button", { name: "ログインして連携する" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain(
      "ログインIDまたはパスワードが違います",
    );
    await page.screenshot({ path: join(SHOTS, "account-link-sign-in.png") });

    await page.getByLabel("パスワード").fill("s3cret");
    await page.getByRole("button", { name: "ログインして連携する" }).click();
    await page.getByRole("heading", { name: "Link your LINE account" }).waitFor();
    expect(page.url()).toContain(`${stack.emulatorUrl}/dialog/bot/accountLink?`);
    await page.getByRole("button", { name: "Link accounts" }).click();
    await page.getByRole("status").waitFor();

    await eventually(
      async () => ((await linkedMember(userId)) === "M-9001" ? true : undefined),
      10_000,
      "the link",
    );
    const texts = ((await stack.received(userId)) as { message: { text?: string } }[]).map(
      (m) => m.message.text,
    );
    expect(texts).toContain("連携が完了しました");
    await page.close();
  });

  it("signs in with LINE Login on the company site, adds the friend and links them", async () => {
    const userId = await stack.addUser("ブラウザ 次郎");
    const session = await fetch(`${stack.url}/api/v1/line-login/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ returnTo: "https://shop.example/mypage", externalId: "M-9002" }),
    });
    const { authorizeUrl } = (await session.json()) as { authorizeUrl: string };

    const page = await browser.newPage(PHONE);
    await fakeShop(page);
    await page.goto(authorizeUrl);
    await page.getByRole("radio", { name: /ブラウザ 次郎/ }).check();
    await page.getByRole("button", { name: "Log in" }).click();
    const addFriend = page.getByRole("checkbox", { name: /as a friend/ });
    expect(await addFriend.isChecked()).toBe(true);
    await page.screenshot({ path: join(SHOTS, "line-login-consent.png") });
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL("https://shop.example/mypage?**");

    const assertion = new URL(page.url()).searchParams.get("kizuna_assertion");
    const redeemed = await fetch(`${stack.url}/api/v1/line-login/assertions/${assertion}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(await redeemed.json()).toMatchObject({
      lineUserId: userId,
      externalId: "M-9002",
      linked: true,
      friendshipStatusChanged: true,
    });
    expect(await linkedMember(userId)).toBe("M-9002");

    await page.close();
  });

  it("lets staff link a friend by hand on the friend's page and see the link rate", async () => {
    const userId = await stack.addUser("手動 三郎");
    await stack.act(userId, "follow");
    await stack.database.db
      .insertInto("members")
      .values({ external_id: "M-9003", attributes: "{}" })
      .execute();
    const friend = await eventually(() =>
      stack.database.db
        .selectFrom("friends")
        .select("id")
        .where("line_user_id", "=", userId)
        .executeTakeFirst(),
    );

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "ja-JP" });
    await page.goto(stack.url);
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("link-rate").waitFor();

    await page.goto(`${stack.url}/friends/${friend.id}`);
    await page.getByTestId("id-link-card").waitFor();
    await page.getByTestId("id-link-external-id").fill("M-9003");
    await page.getByTestId("id-link-submit").click();
    await expect(page.getByTestId("id-link-member").textContent()).resolves.toBe("M-9003");
    expect(await linkedMember(userId)).toBe("M-9003");
    await page.screenshot({ path: join(SHOTS, "friend-id-link.png") });

    await page.getByTestId("nav-linking").click();
    const rate = page.getByTestId("link-rate-value");
    // The dashboard's rate, read before the link, shows until the page's own fetch answers.
    await expect
      .poll(async () => Number(await rate.getAttribute("data-value")), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.close();
  });
});
