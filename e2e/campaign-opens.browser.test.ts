import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { lineClients, readCampaignOpens, startWorker, type Worker } from "@kizuna/worker";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { control, eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const kind = testDatabaseKinds().at(-1)!;

describe(`campaign opens on the result page, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let worker: Worker;

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false });
    // The opens job is run by hand below, never by the worker's schedule.
    worker = await startWorker({
      database: stack.database,
      secretBox: stack.secretBox,
      log: stack.log,
      publicUrl: stack.url,
      opens: false,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await stack?.stop();
  });

  it("shows not read yet, then each variant's opens and the one under 20 as unreported", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    await seedFriends(stack.database, stack.emulatorUrl, channel, 45);
    const admin = await signUpOwner(stack.url);
    const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      name: "冬のセール",
      variants: [
        { messages: [{ type: "text", text: "A: 冬のセールのお知らせ" }], weight: 60 },
        { messages: [{ type: "text", text: "B: 冬のセールが始まりました" }], weight: 40 },
      ],
    });
    expect(response.status).toBe(202);
    const { campaign } = (await response.json()) as { campaign: { id: string } };
    const received = await eventually(
      async () => {
        const all = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
        return all.length === 45 ? all : undefined;
      },
      20_000,
      "the campaign received",
    );

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    // The gate signs the owner in on the page they opened.
    await page.goto(`${stack.url}/campaigns/${campaign.id}`);
    await page.getByTestId("login-email").fill("owner@example.jp");
    await page.getByTestId("login-password").fill("a long enough password");
    await page.getByTestId("login-submit").click();
    await page.locator('[data-testid="campaign-result"][data-status="done"]').waitFor();
    await page.locator('[data-testid="campaign-opens"][data-state="not_read"]').waitFor();
    await expect(page.getByTestId("campaign-opens").textContent()).resolves.toContain(
      "まだ LINE から取得していません",
    );

    // 22 of A's 27 friends open the chat, and 3 of B's 18.
    const read = (text: string, count: number) =>
      received
        .filter((m) => m.message.text?.startsWith(text))
        .slice(0, count)
        .map((m) => control(stack.emulatorUrl, "POST", `/_emulator/users/${m.userId}/read`));
    await Promise.all([...read("A:", 22), ...read("B:", 3)]);
    const summary = await readCampaignOpens(
      {
        db: stack.database.db,
        clients: lineClients(stack.database.db, stack.secretBox),
        log: stack.log,
      },
      { budgetPerChannel: 5, spacingMinutes: 9 },
    );
    expect(summary).toEqual({ read: 2, failed: 0, failedChannels: 0 });

    await page.reload();
    const opens = page.locator('[data-testid="campaign-opens"][data-state="reported"]');
    await opens.waitFor();
    await expect(opens.locator("[data-value]").getAttribute("data-value")).resolves.toBe("22");
    await expect(opens.textContent()).resolves.toContain(
      "20人未満で公開されないパターン 1件を除く",
    );
    await expect(opens.textContent()).resolves.toContain("LINE の集計を");
    const cell = (label: string, column: string) =>
      page
        .locator(
          `[data-testid="variant-table"] tr[data-variant="${label}"] td[data-column="${column}"]`,
        )
        .textContent();
    await expect(cell("A", "opens")).resolves.toBe("22");
    await expect(cell("A", "openRate")).resolves.toBe("81.5%");
    await expect(cell("B", "opens")).resolves.toBe("20人未満");
    await expect(cell("B", "openRate")).resolves.toBe("—");
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-opens.png"), fullPage: true });

    // The same in English.
    await page.getByTestId("language-switch").click();
    await expect(cell("B", "opens")).resolves.toBe("Fewer than 20");
    await expect(opens.textContent()).resolves.toContain("Leaves out 1 version under 20");
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-opens-en.png"), fullPage: true });
  }, 120_000);
});
