import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Worker } from "@kizuna/worker";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { seedFriends } from "./delivery-seed.ts";
import {
  control,
  eventually,
  type Stack,
  signUpOwner,
  stackWorker,
  startStack,
} from "./harness.ts";

// LINE's aggregation units a month (docs/decisions/014-campaign-opens.md), at 2 here in the
// emulator and in Kizuna: the pre-send summary warns that they are used up, and the campaign
// sent past them says in the list and on its page that LINE does not count its opens.

const LIMIT = 2;
const kind = testDatabaseKinds().at(-1)!;

describe(`opens past the month's aggregation units, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let worker: Worker;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false, aggregationUnitLimit: LIMIT });
    worker = await stackWorker(stack, {
      delivery: { aggregationUnitLimit: LIMIT },
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

  it("warns before the send and says LINE does not count the opens, instead of 未取得", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    await control(
      stack.emulatorUrl,
      "PATCH",
      `/_emulator/channels/${channel.lineChannelId}/aggregation-units`,
      { limit: LIMIT },
    );
    await seedFriends(stack.database, stack.emulatorUrl, channel, 3);
    for (const text of ["一通目", "二通目"]) {
      const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
        messages: [{ type: "text", text }],
      });
      expect(response.status).toBe(202);
      const { campaign } = (await response.json()) as { campaign: { id: string } };
      await eventually(async () => {
        const got = await admin.request(
          "GET",
          `/api/channels/${channel.id}/campaigns/${campaign.id}`,
        );
        const { campaign: now } = (await got.json()) as { campaign: { status: string } };
        return now.status === "done" ? now : undefined;
      });
    }

    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    await page.goto(`${stack.url}/campaigns`);
    await page.getByTestId("login-email").fill("owner@example.jp");
    await page.getByTestId("login-password").fill("a long enough password");
    await page.getByTestId("login-submit").click();

    await page.locator('[data-field="0.text"]').fill("三通目のお知らせ");
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await page.getByTestId("broadcast-send").click();
    const note = page.getByTestId("campaign-note-aggregation-units");
    await note.waitFor();
    await expect(note.textContent()).resolves.toBe(
      "今月の集計単位の上限（2）に達しています（2 使用）。この配信の開封数は LINE が集計しません（メッセージは届きます）。",
    );
    await page.getByTestId("broadcast-confirm").click();

    // The list: not 「開封 未取得」, which would never change.
    const opens = page.locator(
      '[data-testid="broadcast-item"][data-status="done"] [data-testid="campaign-item-opens"][data-state="uncounted"]',
    );
    await opens.waitFor({ timeout: 15_000 });
    await expect(opens.textContent()).resolves.toBe(
      "開封 — 今月の集計単位の上限（1,000）に達したため、LINE は開封数を集計しません",
    );
    const item = page.locator('[data-testid="broadcast-item"][data-status="done"]', {
      has: page.locator('[data-testid="campaign-item-opens"][data-state="uncounted"]'),
    });
    await item.getByTestId("campaign-details").click();
    const result = page.locator('[data-testid="campaign-opens"][data-state="uncounted"]');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain(
      "今月の集計単位の上限（1,000）に達したため、LINE は開封数を集計しません",
    );
    await expect(result.textContent()).resolves.not.toContain("まだ LINE から取得していません");

    // The same in English.
    await page.getByTestId("language-switch").click();
    await expect(result.textContent()).resolves.toContain(
      "This month's limit of aggregation units (1,000) was reached, so LINE does not count opens",
    );
    await page.goto(`${stack.url}/campaigns`);
    await page.locator('[data-field="0.text"]').fill("Fourth");
    await page.locator('[data-testid="review-status"][data-state="valid"]').waitFor();
    await page.getByTestId("broadcast-send").click();
    await expect(page.getByTestId("campaign-note-aggregation-units").textContent()).resolves.toBe(
      "This month's limit of aggregation units (2) has been reached (2 used). LINE will not count this send's opens (the message is still delivered).",
    );
    await page.close();
  }, 120_000);
});
