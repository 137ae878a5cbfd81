import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { eventually, type Stack, startStack } from "./harness.ts";

// The committed screenshot in docs/ is refreshed with UPDATE_SCREENSHOTS=1; a plain run
// writes to .e2e/ so that running the tests leaves the tree clean.
const SCREENSHOT = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
  "friend-list.png",
);
// The server of the last database kind: PostgreSQL in CI, PGlite on a laptop.
const kind = testDatabaseKinds().at(-1)!;

describe(`the admin UI in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("signs in, sees a friend added in the emulator, and sends them a message", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "ja-JP" });
    await page.goto(stack.url);

    await createOwnerInBrowser(page);
    await page.getByTestId("nav-friends").click();
    await page.getByTestId("friends-table").waitFor();

    // A virtual friend follows the channel while the page is open: it appears without a reload.
    const userId = await stack.addUser("ブラウザ 花子");
    const followedAt = Date.now();
    await stack.act(userId, "follow");
    const row = page.locator(`[data-testid="friend-row"][data-user-id="${userId}"]`);
    // Typically ~200 ms (webhook → worker → NOTIFY → Server-Sent Event); the 10 s polling
    // fallback would miss this deadline, so a broken live path fails the test.
    await row.waitFor({ timeout: 2_000 });
    console.log(`follow → friend row on screen: ${Date.now() - followedAt} ms`);
    await expect(row.textContent()).resolves.toContain("ブラウザ 花子");
    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await page.getByTestId("nav-dashboard").click();
    await expect(page.getByTestId("valid-friends-count").textContent()).resolves.toContain("1");

    await page.getByTestId("campaign-new").click();
    await page.locator('[data-field="0.text"]').fill("こんにちは、ブラウザから！");
    await page.getByTestId("broadcast-send").click();
    await page.getByTestId("broadcast-confirm").click();
    await page
      .locator('[data-testid="broadcast-item"][data-status="done"]')
      .waitFor({ timeout: 10_000 });

    const received = await eventually(async () => {
      const messages = await stack.received(userId);
      return messages.length > 0 ? messages : undefined;
    });
    expect(received.map((r) => r.message)).toEqual([
      { type: "text", text: "こんにちは、ブラウザから！" },
    ]);
  });
});
