import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, startStack } from "./harness.ts";

// UPDATE_SCREENSHOTS=1 refreshes the committed screenshots in docs/; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
// The server of the last database kind: PostgreSQL in CI, PGlite on a laptop.
const kind = testDatabaseKinds().at(-1)!;

describe(`campaigns in the admin UI, in Chromium, on ${kind.name}`, () => {
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

  it("sends a personalised campaign after the pre-send summary, follows it to its result, and schedules another", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 3, [
      "山田 太郎",
      "佐藤 花子",
      null,
    ]);

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    await page.goto(stack.url);
    await createOwnerInBrowser(page);
    await page.getByTestId("nav-campaigns").click();

    await page.getByTestId("campaign-name").fill("ご挨拶");
    // The composer's first message: its text field, the variable inserted where the cursor is.
    const text = page.locator('[data-field="0.text"]');
    await text.fill("さん、いつもありがとうございます");
    await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await page.getByTestId("insert-variable").click();
    await page.getByRole("menuitem", { name: "友だちの表示名" }).click();
    await expect(text.inputValue()).resolves.toBe("{{name}}さん、いつもありがとうございます");
    await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(6, 6));
    await text.pressSequentially("|お客様");
    await expect(text.inputValue()).resolves.toBe(
      "{{name|お客様}}さん、いつもありがとうございます",
    );
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await page.getByTestId("broadcast-send").click();

    const summary = page.getByTestId("campaign-summary");
    await summary.waitFor();
    await expect(page.getByTestId("campaign-summary-recipients").textContent()).resolves.toContain(
      "3人",
    );
    await expect(page.getByTestId("campaign-summary-messages").textContent()).resolves.toContain(
      "3通",
    );
    await expect(page.getByTestId("campaign-summary-cost").textContent()).resolves.toContain(
      "無料メッセージ通数の範囲内",
    );
    await expect(page.getByTestId("campaign-sample").textContent()).resolves.toBe(
      "山田 花子さん、いつもありがとうございます",
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForTimeout(400); // the modal's opening transition
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-confirm.png") });
    await page.getByTestId("broadcast-confirm").click();

    const item = page.locator('[data-testid="broadcast-item"][data-status="done"]');
    await item.waitFor({ timeout: 15_000 });
    await item.getByTestId("campaign-details").click();
    await page.locator('[data-testid="campaign-result"][data-status="done"]').waitFor();
    await expect(
      page.getByTestId("campaign-stat-accepted").locator("[data-value]").getAttribute("data-value"),
    ).resolves.toBe("3");
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-result.png") });

    const received = await eventually(async () => {
      const messages = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
      return messages.length === 3 ? messages : undefined;
    });
    const textOf = (userId: string) => received.find((r) => r.userId === userId)?.message.text;
    expect(textOf(userIds[0]!)).toBe("山田 太郎さん、いつもありがとうございます");
    expect(textOf(userIds[1]!)).toBe("佐藤 花子さん、いつもありがとうございます");
    expect(textOf(userIds[2]!)).toBe("お客様さん、いつもありがとうございます");

    // A campaign for tomorrow: scheduled, then withdrawn.
    await page.getByTestId("nav-campaigns").click();
    await page.locator('[data-field="0.text"]').fill("明日のお知らせ");
    await page.getByTestId("campaign-timing").getByText("日時を指定").click();
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    await page
      .getByTestId("campaign-scheduled-at")
      .fill(
        `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T10:00`,
      );
    await page.getByTestId("broadcast-send").click();
    await page.getByTestId("campaign-confirm-scheduled").waitFor();
    await page.getByTestId("broadcast-confirm").click();
    const scheduled = page.locator('[data-testid="broadcast-item"][data-status="scheduled"]');
    await scheduled.waitFor();
    await scheduled.getByTestId("campaign-cancel").click();
    await page.locator('[data-testid="broadcast-item"][data-status="cancelled"]').waitFor();
  });
});
