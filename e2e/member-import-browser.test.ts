import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { encodeShiftJis } from "@kizuna/core/members/csv";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnerInBrowser, launchChromium } from "./chromium.ts";
import { type Stack, startStack } from "./harness.ts";

const SCREENSHOT_DIR = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
// What a marketer exports from Excel: Shift_JIS, a header in Japanese, one bad row.
const CSV = [
  "会員番号,氏名,メールアドレス,電話番号,生年月日,ポイント",
  "B0001,山田 太郎,taro@example.jp,090-1111-2222,1985/4/1,100",
  'B0002,佐藤 花子,hanako@example.jp,０８０－３３３３－４４４４,平成2年5月6日,"1,500"',
  "B0003,鈴木 一郎,suzuki@,090-1234,1990/02/30,たくさん",
].join("\r\n");

const kind = testDatabaseKinds().at(-1)!;

describe(`importing members in Chromium, on ${kind.name}`, () => {
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

  it("uploads a Shift_JIS file, maps it, dry-runs, imports, and shows the refused row", async () => {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    await page.goto(stack.url);
    await createOwnerInBrowser(page);

    await page.getByTestId("nav-members").click();
    await page.getByTestId("members-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "会員データ.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(encodeShiftJis(CSV)),
    });

    // The mapping step: suggested from the Japanese headers, checked against the first rows.
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    await expect(page.getByTestId("import-mapping-encoding").inputValue()).resolves.toBe(
      "Shift_JIS（Excel）",
    );
    await expect(page.getByTestId("import-target-0").inputValue()).resolves.toBe("会員番号");
    await expect(preview.textContent()).resolves.toContain(
      "メールアドレスの形式が正しくありません",
    );

    await page.getByTestId("import-dry-run").click();
    await page
      .locator('[data-testid="import-run"][data-status="done"]')
      .waitFor({ timeout: 20_000 });
    await expect(page.getByTestId("import-created").textContent()).resolves.toBe("2");
    await expect(page.getByTestId("import-rejected").textContent()).resolves.toBe("1");

    await page.getByTestId("import-start").click();
    await page
      .locator('[data-testid="import-run"][data-status="done"][data-dry-run="false"]')
      .waitFor({ timeout: 20_000 });
    await expect(page.getByTestId("import-created").textContent()).resolves.toBe("2");
    const rejections = page.getByTestId("import-rejections");
    await expect(rejections.textContent()).resolves.toContain("B0003,鈴木 一郎,suzuki@");
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, "member-import.png"), fullPage: true });

    // The refused rows download as UTF-8 CSV with a BOM.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("import-download").click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const report = Buffer.concat(chunks);
    expect([...report.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(report.toString("utf8")).toContain("4,メールアドレスの形式が正しくありません");

    // The members are there, normalized.
    await page.getByTestId("nav-members").click();
    const table = page.getByTestId("members-table");
    await table.getByText("B0002").waitFor();
    await expect(table.textContent()).resolves.toContain("08033334444");
    await expect(table.textContent()).resolves.toContain("1,500");
    await page.getByTestId("members-search").fill("taro@EXAMPLE.jp");
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid="members-table"]')?.textContent?.includes("B0002"),
    );
    await expect(table.textContent()).resolves.toContain("B0001");
  });
});
