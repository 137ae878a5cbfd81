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

describe(`tags, bulk edits and filters in the admin UI, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const names = ["タグ 付ける子", "タグ 付けない子", "もう一人 の子"];
  const userIds: string[] = [];

  beforeAll(async () => {
    stack = await startStack(kind);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "ja-JP" });
    page.setDefaultTimeout(8_000);
    for (const name of names) {
      const userId = await stack.addUser(name);
      await stack.act(userId, "follow");
      userIds.push(userId);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const row = (userId: string) =>
    page.locator(`[data-testid="friend-row"][data-user-id="${userId}"]`);

  it("creates a tag in settings", async () => {
    await page.goto(stack.url);
    await createOwnerInBrowser(page);
    await page.getByTestId("nav-friend-settings").click();
    await page.getByTestId("tag-name").fill("VIP");
    await page.getByTestId("tag-create").click();
    await expect(page.getByTestId("tag-row").first().textContent()).resolves.toContain("VIP");
    await page.getByTestId("settings-tab-fields").click();
    await page.getByTestId("field-label").fill("会員ランク");
    await page.getByTestId("field-key").fill("rank");
    await page.getByTestId("field-type").click();
    await page.getByRole("option", { name: "選択肢(1つ)" }).click();
    await page.getByTestId("field-choices").fill("ゴールド\nシルバー");
    await page.getByTestId("field-create").click();
    await expect(page.getByTestId("field-row").first().textContent()).resolves.toContain(
      "会員ランク",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "friend-settings.png") });
  });

  it("tags a hand-picked friend in bulk, after a confirmation that gives the count", async () => {
    await page.getByTestId("nav-friends").click();
    for (const userId of userIds) await row(userId).waitFor({ timeout: 10_000 });
    await row(userIds[0]!).getByTestId("select-friend").check();
    await page.getByTestId("bulk-open").click();
    await page.getByTestId("bulk-tags").click();
    await page.getByRole("option", { name: "VIP" }).click();
    await page.keyboard.press("Escape");
    await page.getByTestId("bulk-review").click();
    await expect(page.getByTestId("bulk-confirm-summary").textContent()).resolves.toContain(
      "1人の友だちに、タグ「VIP」を付けます",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "friends-bulk-confirm.png") });
    await page.getByTestId("bulk-run").click();
    await expect(page.getByTestId("bulk-done").textContent()).resolves.toContain(
      "1人の友だちを更新しました",
    );
    await row(userIds[0]!).getByTestId("tag-badge").waitFor();
  });

  it("filters the list by tag, and selects all matching for a bulk edit", async () => {
    await page.getByTestId("add-condition").click();
    await page.getByTestId("add-tag-condition").click();
    await page.getByTestId("tag-condition-tags").click();
    await page.getByRole("option", { name: "VIP" }).click();
    await page.keyboard.press("Escape");
    await eventually(async () =>
      (await page.getByTestId("friend-row").count()) === 1 ? true : undefined,
    );
    await expect(page.getByTestId("friend-row").textContent()).resolves.toContain(names[0]);
    await expect(page.getByTestId("friends-count").textContent()).resolves.toContain("該当 1人");
    await page.screenshot({ path: join(SCREENSHOTS, "friends-filtered-by-tag.png") });

    // "None of VIP": the other two.
    await page.getByTestId("tag-condition-match").click();
    await page.getByRole("option", { name: "どれも付いていない" }).click();
    await eventually(async () =>
      (await page.getByTestId("friend-row").count()) === 2 ? true : undefined,
    );
    await page.getByTestId("select-page").check();
    await expect(page.getByTestId("selection-bar").textContent()).resolves.toContain("2人を選択中");
  });

  it("opens a friend's detail with its tags, a note and the timeline", async () => {
    await page.getByTestId("tag-condition").getByRole("button").last().click();
    await row(userIds[0]!).getByTestId("friend-link").click();
    await page.getByTestId("friend-detail").waitFor();
    await expect(page.getByTestId("friend-name").textContent()).resolves.toBe(names[0]);
    await expect(page.getByTestId("friend-tags").textContent()).resolves.toContain("VIP");
    await page.getByTestId("friend-note-body").fill("電話で来店予約あり");
    await page.getByTestId("friend-note-add").click();
    await page.getByTestId("friend-note").first().waitFor();
    await page.locator('[data-testid="timeline-item"][data-kind="note_added"]').waitFor();
    const kinds = await page
      .getByTestId("timeline-item")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    expect(kinds).toEqual(["note_added", "tag_added", "followed"]);
    await page.screenshot({ path: join(SCREENSHOTS, "friend-detail.png"), fullPage: true });
  });
});
