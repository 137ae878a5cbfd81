import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { eventually, type Stack, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const kind = testDatabaseKinds().at(-1)!;
const TOO_LONG = "ご予約はこちらのボタンからどうぞお気軽にどうぞ";

describe(`the message composer in the admin UI, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let staff: string;
  let customer: string;

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "ja-JP" });
    page.setDefaultTimeout(8_000);
    staff = await stack.addUser("スタッフ 花子");
    customer = await stack.addUser("お客様 太郎");
    for (const userId of [staff, customer]) await stack.act(userId, "follow");
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const field = (id: string) => page.locator(`[data-field="${id}"]`);
  const errorOf = (id: string) => page.locator(`[data-error-for="${id}"]`);
  const preview = () => page.frameLocator('[data-testid="line-preview"]');

  it("opens the composer, whose message nobody has started on shows no errors yet", async () => {
    await page.goto(stack.url);
    await createOwnerInBrowser(page);
    const reviewed = page.waitForResponse((response) => response.url().endsWith("/validate"));
    await page.getByTestId("nav-composer").click();
    await field("0.text").waitFor();
    // LINE refuses an empty text, and the review says so; the page keeps it to itself for now.
    expect(await (await reviewed).json()).toMatchObject({ valid: false });
    expect(await page.getByTestId("message-problem-count").count()).toBe(0);
    expect(await errorOf("0.text").count()).toBe(0);
    expect(await page.getByTestId("review-status").count()).toBe(0);
  });

  it("builds a buttons template and sees the error placed on the over-long label", async () => {
    await field("0.text").fill("{{name}}さん、新メニューのご案内です");
    await page.getByTestId("add-message").click();
    await page.getByTestId("add-message-buttons").click();
    await field("1.altText").fill("新メニューのご案内");
    await field("1.template.text").fill("春の限定メニューが始まりました");
    await field("1.template.actions.0.label").fill("予約する");
    await field("1.template.actions.0.text").fill("予約");
    await page.getByTestId("add-action-1.template.actions").click();
    await field("1.template.actions.1.label").fill(TOO_LONG);
    await field("1.template.actions.1.text").fill("詳細");

    await expect(errorOf("1.template.actions.1.label").textContent()).resolves.toBe(
      "20 文字以内にしてください",
    );
    expect(await errorOf("1.template.actions.0.label").count()).toBe(0);
    await expect(page.getByTestId("review-status").getAttribute("data-state")).resolves.toBe(
      "invalid",
    );
  });

  it("fixes the label and sees the template in the LINE preview", async () => {
    await field("1.template.actions.1.label").fill("詳しく見る");
    await errorOf("1.template.actions.1.label").waitFor({ state: "detached" });
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await expect(preview().locator(".tpl-action").allTextContents()).resolves.toEqual([
      "予約する",
      "詳しく見る",
    ]);
    await expect(preview().locator(".tpl-text").textContent()).resolves.toBe(
      "春の限定メニューが始まりました",
    );
  });

  it("previews the text as a chosen friend would get it", async () => {
    await page.getByTestId("preview-as").click();
    await page.getByTestId("preview-as").fill("花子");
    await page.getByRole("option", { name: "スタッフ 花子" }).click();
    await preview()
      .locator(".bubble", { hasText: "スタッフ 花子さん、新メニューのご案内です" })
      .waitFor();
  });

  it("test-sends to a staff friend, who receives it in the emulator", async () => {
    await page.getByTestId("test-recipient-add").click();
    await page.getByTestId("test-recipient-add").fill("花子");
    await page.getByRole("option", { name: "スタッフ 花子" }).click();
    await expect(page.getByTestId("test-recipient").isChecked()).resolves.toBe(true);
    await page.setViewportSize({ width: 1400, height: 1400 });
    await page.screenshot({ path: join(SCREENSHOTS, "composer.png") });
    await page.getByTestId("test-send").click();
    await page.getByTestId("test-send-done").waitFor();

    const received = await eventually(async () => {
      const messages = await stack.received(staff);
      return messages.length === 2 ? messages : undefined;
    });
    expect(received.map((r) => r.message)).toEqual([
      { type: "text", text: "スタッフ 花子さん、新メニューのご案内です" },
      {
        type: "template",
        altText: "新メニューのご案内",
        template: {
          type: "buttons",
          text: "春の限定メニューが始まりました",
          actions: [
            { type: "message", label: "予約する", text: "予約" },
            { type: "message", label: "詳しく見る", text: "詳細" },
          ],
        },
      },
    ]);
    expect(await stack.received(customer)).toEqual([]);
  });
});
