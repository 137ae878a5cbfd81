import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const NAMES = ["一郎", "二郎", "三郎", "四郎", "五郎"];
// Valid, but no friend of the channel: it is kept in the list and matches no one.
const UNKNOWN = `U${"0".repeat(32)}`;

const kind = testDatabaseKinds().at(-1)!;

describe(`an uploaded id list in the admin UI, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("uploads a CSV of LINE user ids, reports the refused rows, and sends a campaign to the list", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 5, NAMES);
    // A header, three friends, an id no friend has, a row that is no id, and an unclosed quote.
    const csv = [
      "LINE User ID,名前",
      `${userIds[0]},一郎`,
      `${userIds[1]},二郎`,
      `${userIds[2]},三郎`,
      `${UNKNOWN},退会した人`,
      "yamada@example.jp,四郎",
      `"${userIds[3]},四郎`,
    ].join("\r\n");

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    page.setDefaultTimeout(15_000);
    await page.goto(stack.url);
    await createOwnerInBrowser(page);
    await page.getByTestId("nav-segments").click();

    const card = page.getByTestId("audience-lists");
    await card.getByText("まだリストがありません。").waitFor();
    await card.getByLabel("リスト名").fill("3月イベント参加者");
    await card.getByLabel("IDの種類", { exact: true }).click();
    await page.getByRole("option", { name: "LINEユーザーID", exact: true }).click();
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      card.getByLabel("CSVファイル", { exact: true }).click(),
    ]);
    await chooser.setFiles({
      name: "参加者.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await card.getByRole("button", { name: "アップロード", exact: true }).click();

    const report = card.getByRole("alert");
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain(
      "「3月イベント参加者」を取り込みました: 4件（うち友だち 3人）",
    );
    await expect(report.textContent()).resolves.toContain(
      "2行はIDとして読めなかったため取り込んでいません。",
    );
    await expect(report.getByRole("listitem").allTextContents()).resolves.toEqual([
      "6行目「yamada@example.jp」: LINEユーザーIDではありません（U と32桁の英数字）",
      `7行目「"${userIds[3]},四郎」: CSV として読めない行です（引用符の閉じ忘れなど）`,
    ]);
    const row = card.getByTestId("list-row");
    await expect(row.getByRole("cell").allTextContents()).resolves.toEqual([
      "3月イベント参加者",
      "LINEユーザーID",
      "4",
      "3",
      expect.any(String),
      "削除",
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, "audience-list-upload.png"), fullPage: true });
    // The same report in English, then back.
    await page.getByTestId("language-switch").click();
    await expect(report.textContent()).resolves.toContain("2 rows were not ids and were left out.");
    await expect(report.getByRole("listitem").first().textContent()).resolves.toBe(
      "Line 6, “yamada@example.jp”: not a LINE user id (U and 32 hex digits)",
    );
    await page.getByTestId("language-switch").click();
    await card.getByText("アップロードしたリスト", { exact: true }).waitFor();

    // The list as a campaign's audience: its three friends, not the channel's five.
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-name").fill("3月イベントのお礼");
    await page
      .getByTestId("audience-kind")
      .getByText("アップロードしたリスト", { exact: true })
      .click();
    await page.getByRole("combobox", { name: "リスト", exact: true }).click();
    await page.getByRole("option", { name: "3月イベント参加者（3人）", exact: true }).click();
    const count = page.locator('[data-testid="audience-count"][data-value="3"]');
    await count.waitFor();
    await expect(count.textContent()).resolves.toBe("配信対象 3人（ブロック中の友だちを除く）");
    await page.locator('[data-field="0.text"]').fill("{{name}}さん、ご来場ありがとうございました");
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await page.getByTestId("broadcast-send").click();
    await expect(page.getByTestId("campaign-summary-recipients").textContent()).resolves.toContain(
      "3人",
    );
    await expect(page.getByTestId("broadcast-confirm-body").textContent()).resolves.toContain(
      "リスト「3月イベント参加者」",
    );
    await page.getByTestId("broadcast-confirm").click();
    const item = page.locator('[data-testid="broadcast-item"][data-status="done"]');
    await item.waitFor({ timeout: 30_000 });
    await item.getByTestId("campaign-details").click();
    await page.locator('[data-testid="campaign-result"][data-status="done"]').waitFor();
    await expect(page.getByTestId("campaign-audience").textContent()).resolves.toBe(
      "配信先：リスト「3月イベント参加者」",
    );
    await expect(page.getByTestId("campaign-stat-accepted").textContent()).resolves.toBe(
      "送信成功3人",
    );

    const received = await eventually(async () => {
      const all = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
      return all.length >= 3 ? all : undefined;
    });
    expect(received.map((r) => [r.userId, r.message.text]).sort()).toEqual(
      [0, 1, 2].map((i) => [userIds[i], `${NAMES[i]}さん、ご来場ありがとうございました`]).sort(),
    );
  }, 120_000);
});
