import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { lineClients, readCampaignOpens, type Worker } from "@kizuna/worker";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { receivedByChannel, seedFriends } from "./delivery-seed.ts";
import {
  control,
  eventually,
  type Stack,
  signUpOwner,
  stackWorker,
  startStack,
} from "./harness.ts";

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
  let admin: Awaited<ReturnType<typeof signUpOwner>>;

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false });
    // The opens job is run by hand below, never by the worker's schedule.
    worker = await stackWorker(stack, {
      opens: false,
    });
    browser = await launchChromium();
    admin = await signUpOwner(stack.url);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await stack?.stop();
  });

  it("shows not read yet, then each variant's opens and the one under 20 as unreported", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    await seedFriends(stack.database, stack.emulatorUrl, channel, 45);
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
    // B's opens are unknown: the open rates are not compared, and the page says why.
    const openVerdict = page.locator('[data-testid="ab-open-verdict"][data-state="unreported"]');
    await expect(openVerdict.textContent()).resolves.toBe(
      "開封率の比較（LINE の集計）開封率は比べられませんBを開封した人が20人未満で、LINE がその数を公開しないためです。",
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-opens.png"), fullPage: true });

    // The same in English.
    await page.getByTestId("language-switch").click();
    await expect(cell("B", "opens")).resolves.toBe("Fewer than 20");
    await expect(opens.textContent()).resolves.toContain("Leaves out 1 version under 20");
    await expect(openVerdict.textContent()).resolves.toBe(
      "Open rates (LINE's count)Open rates cannot be comparedFewer than 20 friends opened B, and LINE does not report counts under 20.",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-opens-en.png"), fullPage: true });

    // The campaign list: opens beside the clickers; no rate while a variant is unreported.
    await page.getByTestId("language-switch").click();
    await page.goto(`${stack.url}/campaigns`);
    const row = page.locator(`[data-testid="broadcast-item"][data-campaign-id="${campaign.id}"]`);
    await expect(row.getByTestId("campaign-item-clicks").textContent()).resolves.toBe(
      "クリック 0人",
    );
    await expect(row.getByTestId("campaign-item-opens").textContent()).resolves.toBe("開封 22人");
    await page.close();
  }, 120_000);

  it("says A's open rate is higher when clearly more of A's friends read it, in the result and the list", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    // 45 friends from the test above, and 55 more: 100, half each.
    await seedFriends(stack.database, stack.emulatorUrl, channel, 55);
    const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      name: "開封率テスト",
      variants: [
        { messages: [{ type: "text", text: "A: 本日限りのクーポン" }], weight: 50 },
        { messages: [{ type: "text", text: "B: クーポンのご案内" }], weight: 50 },
      ],
    });
    expect(response.status).toBe(202);
    const { campaign } = (await response.json()) as { campaign: { id: string } };
    const received = await eventually(
      async () => {
        const all = (await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).filter(
          (m) => /^[AB]: .*クーポン/.test(m.message.text ?? ""),
        );
        return all.length === 100 ? all : undefined;
      },
      20_000,
      "the campaign received",
    );

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    await page.goto(`${stack.url}/campaigns`);
    await page.getByTestId("login-email").fill("owner@example.jp");
    await page.getByTestId("login-password").fill("a long enough password");
    await page.getByTestId("login-submit").click();
    const row = page.locator(`[data-testid="broadcast-item"][data-campaign-id="${campaign.id}"]`);
    await row.locator('[data-testid="campaign-item-opens"][data-state="not_read"]').waitFor();
    await expect(row.getByTestId("campaign-item-opens").textContent()).resolves.toBe("開封 未取得");

    // 45 of A's 50 friends open the chat, and 20 of B's 50.
    const readers = (prefix: string, count: number) =>
      received
        .filter((m) => m.message.text?.startsWith(prefix))
        .slice(0, count)
        .map((m) => control(stack.emulatorUrl, "POST", `/_emulator/users/${m.userId}/read`));
    await Promise.all([...readers("A:", 45), ...readers("B:", 20)]);
    const summary = await readCampaignOpens(
      {
        db: stack.database.db,
        clients: lineClients(stack.database.db, stack.secretBox),
        log: stack.log,
      },
      { budgetPerChannel: 5, spacingMinutes: 0 },
    );
    expect(summary).toEqual({ read: 2, failed: 0, failedChannels: 0 });

    // The list follows without a reload: the worker's read tells open pages.
    await row.locator('[data-testid="campaign-item-opens"][data-state="reported"]').waitFor();
    await expect(row.getByTestId("campaign-item-opens").textContent()).resolves.toBe(
      "開封 65人（65%）",
    );

    await row.getByTestId("campaign-details").click();
    // 90% against 40% of 50 each: z = 5.16, p < 0.001.
    const verdict = page.locator('[data-testid="ab-open-verdict"][data-state="tested"]');
    await verdict.waitFor();
    await expect(verdict.getAttribute("data-winner")).resolves.toBe("A");
    await expect(verdict.textContent()).resolves.toBe(
      "開封率の比較（LINE の集計）Aの方が開封率が高い（有意差あり p<0.001）",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-open-verdict.png"), fullPage: true });
    await page.getByTestId("language-switch").click();
    await expect(verdict.textContent()).resolves.toBe(
      "Open rates (LINE's count)A has the higher open rate (significant, p<0.001)",
    );
    await page.close();
  }, 120_000);
});
