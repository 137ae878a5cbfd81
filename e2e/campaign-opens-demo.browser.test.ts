import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { DEMO_OPENS_READ, type Worker } from "@kizuna/worker";
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

// The demo's promise (PRODUCT.md): a marketer sends from `npm start`, virtual friends open the
// chat on the emulator's phone view, and the campaign list shows the opens a minute or two
// later — the worker reading at `kizuna start`'s demo cadence, not LINE's 10–40 minutes.

const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const kind = testDatabaseKinds().at(-1)!;

describe(`campaign opens at the demo's cadence, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let worker: Worker;

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false });
    // As `kizuna start` runs it on its embedded emulator.
    worker = await stackWorker(stack, {
      opens: DEMO_OPENS_READ,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await stack?.stop();
  });

  it("counts friends who open the chat on the phone view, in the list within two minutes", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 22);
    const admin = await signUpOwner(stack.url);
    const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      name: "週末のお知らせ",
      messages: [{ type: "text", text: "{{name}}さん、週末セールのお知らせです" }],
    });
    expect(response.status).toBe(202);
    const { campaign } = (await response.json()) as { campaign: { id: string } };
    await eventually(
      async () =>
        (await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).length === 22 ||
        undefined,
      20_000,
      "the campaign received",
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    await page.goto(`${stack.url}/campaigns`);
    await page.getByTestId("login-email").fill("owner@example.jp");
    await page.getByTestId("login-password").fill("a long enough password");
    await page.getByTestId("login-submit").click();
    const row = page.locator(
      `[data-testid="broadcast-item"][data-campaign-id="${campaign.id}"][data-status="done"]`,
    );
    await row.waitFor();

    // 21 of the 22 open the chat on the emulator's phone view: displaying it is the read.
    const phone = await browser.newContext({ viewport: { width: 420, height: 860 } });
    for (const userId of userIds.slice(0, 21)) {
      const tab = await phone.newPage();
      await tab.goto(`${stack.emulatorUrl}/_emulator/phone/${userId}`);
      await tab.locator(".row.bot", { hasText: "週末セールのお知らせです" }).waitFor();
      await eventually(
        async () => {
          const chat = await control<{ side: string; seen?: boolean }[]>(
            stack.emulatorUrl,
            "GET",
            `/_emulator/users/${userId}/chat`,
          );
          return chat.some((item) => item.side === "bot" && item.seen) || undefined;
        },
        5_000,
        "the phone view to mark the chat read",
      );
      await tab.close();
    }
    await phone.close();
    const readAt = Date.now();

    // No reload: the worker's read tells the open page, within the demo's minute or two.
    const opens = row.locator('[data-testid="campaign-item-opens"][data-state="reported"]');
    await opens.waitFor({ timeout: 120_000 });
    expect(Date.now() - readAt).toBeLessThan(120_000);
    await expect(opens.textContent()).resolves.toBe("開封 21人（95.5%）");
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page
      .getByTestId("broadcast-list")
      .screenshot({ path: join(SCREENSHOTS, "campaign-list-opens.png") });
    await page.close();
  }, 180_000);
});
