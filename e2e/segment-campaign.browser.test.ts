import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { receivedByChannel } from "./delivery-seed.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const OWNER = { email: "owner@example.jp", password: "a long enough password" };
const TEXT = "{{name}}さん、VIP限定セールのご案内です";

const kind = testDatabaseKinds().at(-1)!;

describe(`a campaign to a segment built in the admin UI, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const names = ["VIP 花子", "VIP 太郎", "常連 次郎", "新規 三郎"];
  const vips = ["VIP 花子", "VIP 太郎"];
  const lineUsers = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack(kind);
    const admin = await signUpOwner(stack.url, OWNER.email, OWNER.password);
    const channelPath = `/api/channels/${stack.channel.id}`;
    for (const name of names) {
      const userId = await stack.addUser(name);
      await stack.act(userId, "follow");
      lineUsers.set(name, userId);
    }
    const { db } = stack.database;
    const friends = await eventually(
      async () => {
        const rows = await db
          .selectFrom("friends")
          .select(["id", "line_user_id"])
          .where("channel_id", "=", stack.channel.id)
          .execute();
        return rows.length === names.length ? rows : undefined;
      },
      15_000,
      "friends from the follows",
    );
    const tag = await (await admin.request("POST", `${channelPath}/tags`, { name: "VIP" })).json();
    for (const name of vips) {
      const friend = friends.find((f) => f.line_user_id === lineUsers.get(name))!;
      const response = await admin.request("POST", `${channelPath}/friends/${friend.id}/tags`, {
        tagIds: [tag.tag.id],
      });
      expect(response.status).toBeLessThan(300);
    }

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "ja-JP" });
    page.setDefaultTimeout(15_000);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Opens a Mantine select by its test id and picks the option with this name. */
  async function choose(
    scope: Page | ReturnType<Page["getByTestId"]>,
    testId: string,
    option: string,
  ) {
    await scope.getByTestId(testId).click();
    await page.getByRole("option", { name: option, exact: true }).click();
  }

  it("builds the VIP segment, sees it counts two friends, and saves it", async () => {
    await page.goto(stack.url);
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-segments").click();
    await page.getByTestId("segment-new").click();
    const row = page.getByTestId("condition-row").first();
    await choose(row, "condition-field", "タグ");
    await row.getByTestId("condition-choices").click();
    await page.getByRole("option", { name: "VIP", exact: true }).click();
    await page.keyboard.press("Escape");
    await page.locator('[data-testid="segment-count"][data-count="2"]').waitFor();
    await page.getByTestId("segment-name").fill("VIP");
    await page.getByTestId("segment-save").click();
    const saved = page.locator('[data-testid="segment-row"][data-name="VIP"]');
    await saved.waitFor();
    await expect(saved.getByTestId("segment-row-count").textContent()).resolves.toBe("2人");
  }, 90_000);

  it("sends a personalised campaign to the segment, which only its friends receive", async () => {
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-name").fill("VIPセール");
    await page.getByTestId("audience-kind").getByText("セグメント", { exact: true }).click();
    await choose(page, "audience-segment", "VIP（2人）");
    // The live count is the segment's: two of the four friends.
    await page.locator('[data-testid="audience-count"][data-value="2"]').waitFor();
    await page.locator('[data-field="0.text"]').fill(TEXT);
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-new.png"), fullPage: true });

    await page.getByTestId("broadcast-send").click();
    await page.getByTestId("campaign-summary").waitFor();
    await expect(page.getByTestId("campaign-summary-recipients").textContent()).resolves.toContain(
      "2人",
    );
    await expect(page.getByTestId("broadcast-confirm-body").textContent()).resolves.toContain(
      "セグメント「VIP」",
    );
    await page.getByTestId("broadcast-confirm").click();

    const item = page.locator('[data-testid="broadcast-item"][data-status="done"]');
    await item.waitFor({ timeout: 30_000 });
    await item.getByTestId("campaign-details").click();
    await page.locator('[data-testid="campaign-result"][data-status="done"]').waitFor();
    await expect(page.getByTestId("campaign-audience").textContent()).resolves.toContain(
      "セグメント「VIP」",
    );
    await expect(
      page.getByTestId("campaign-stat-accepted").locator("[data-value]").getAttribute("data-value"),
    ).resolves.toBe("2");
    await page.screenshot({
      path: join(SCREENSHOTS, "campaign-segment-result.png"),
      fullPage: true,
    });

    // The campaign is done, so every recipient is settled: what the emulator holds is all.
    const received = await eventually(async () => {
      const messages = await receivedByChannel(stack.emulatorUrl, stack.lineChannel.channelId);
      return messages.length >= vips.length ? messages : undefined;
    });
    const byUser = new Map<string, string[]>();
    for (const r of received) {
      byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.message.text ?? r.message.type]);
    }
    expect(Object.fromEntries(byUser)).toEqual(
      Object.fromEntries(
        vips.map((name) => [lineUsers.get(name)!, [`${name}さん、VIP限定セールのご案内です`]]),
      ),
    );
  }, 120_000);
  it("splits a campaign to every friend into A and B, and shows each variant's result", async () => {
    await page.getByTestId("nav-campaigns").click();
    await page.getByTestId("campaign-name").fill("A/Bテスト");
    await page.getByTestId("audience-kind").getByText("有効友だち全員", { exact: true }).click();
    await page.locator('[data-testid="audience-count"][data-value="4"]').waitFor();
    await page.getByTestId("campaign-ab-toggle").check({ force: true });
    const text = page.locator('[data-field="0.text"]');
    await text.fill("Aの案内です");
    // Shares that do not make 100% stop the send, with the sum said.
    await page.getByTestId("campaign-variant-weight-A").fill("60");
    await expect(page.getByTestId("campaign-weight-error").textContent()).resolves.toContain(
      "110%",
    );
    await expect(page.getByTestId("broadcast-send").isDisabled()).resolves.toBe(true);
    await page.getByTestId("campaign-variant-weight-B").fill("40");
    await page.getByTestId("campaign-weight-error").waitFor({ state: "detached" });
    await page.getByTestId("campaign-variant-tab-B").click();
    await page.locator('[data-testid="campaign-variant-panel"][data-variant="B"]').waitFor();
    await text.fill("Bの案内です");
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();

    await page.getByTestId("broadcast-send").click();
    await page.getByTestId("campaign-confirm-variants").waitFor();
    await expect(page.getByTestId("campaign-summary-recipients").textContent()).resolves.toContain(
      "4人",
    );
    await page.getByTestId("broadcast-confirm").click();
    const item = page.locator('[data-testid="broadcast-item"][data-status="done"]', {
      hasText: "A/Bテスト",
    });
    await item.waitFor({ timeout: 30_000 });
    await item.getByTestId("campaign-details").click();
    await page.locator('[data-testid="campaign-result"][data-status="done"]').waitFor();
    await page.getByTestId("variant-click-chart").waitFor();
    await expect(page.getByTestId("ab-verdict").textContent()).resolves.toContain(
      "まだ有意差はありません",
    );
    const recipientsOf = async (label: string) =>
      Number(
        await page
          .locator(`[data-testid="variant-table"] tr[data-variant="${label}"] td`)
          .nth(2)
          .textContent(),
      );
    const shown = { A: await recipientsOf("A"), B: await recipientsOf("B") };
    expect(shown.A + shown.B).toBe(4);
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-ab-result.png"), fullPage: true });

    // Every friend got exactly one of the two, and the table counts who got which.
    const received = await eventually(async () => {
      const all = await receivedByChannel(stack.emulatorUrl, stack.lineChannel.channelId);
      const ab = all.filter((r) => r.message.text?.endsWith("の案内です"));
      return ab.length >= names.length ? ab : undefined;
    });
    expect(received.map((r) => r.userId).sort()).toEqual([...lineUsers.values()].sort());
    expect({
      A: received.filter((r) => r.message.text === "Aの案内です").length,
      B: received.filter((r) => r.message.text === "Bの案内です").length,
    }).toEqual(shown);
  }, 120_000);
});
