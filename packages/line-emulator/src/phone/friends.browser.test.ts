import { existsSync } from "node:fs";
import { insight } from "@line/bot-sdk";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrangeChannel, type Running, sdkClient, startEmulator } from "../testing/harness.ts";

// A person on the emulator's list of virtual friends has many of a channel's friends read their
// chat with one button, and LINE's per-unit statistics count the reads.

const CHROMIUM = "/usr/bin/chromium";

let running: Running;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: npm test installs it with apt`);
  running = await startEmulator();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe("the list of virtual friends in Chromium", () => {
  it("has half the friends read, then everyone, and the unit's statistics count all 40", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 40 });
    await running.control.patch(`/channels/${channel.channelId}`, { name: "Kizuna Café" });
    await sdkClient(running.baseURL, channel).multicast({
      to: friends,
      messages: [{ type: "text", text: "週末セールのお知らせです" }],
      customAggregationUnits: ["weekend_sale"],
    });

    const page = await browser.newPage({ locale: "ja-JP" });
    await page.goto(`${running.baseURL}/_emulator/phone`);
    const section = page.locator(`section[data-channel-id="${channel.channelId}"]`);
    await section.getByRole("combobox").selectOption("0.5");
    await section.getByRole("button", { name: "50%が既読にする · 50% read" }).click();
    await expect
      .poll(() => section.locator("output").textContent())
      .toBe("20人が既読にしました（20件） · 20 read 20 messages");

    await section.getByRole("combobox").selectOption("1");
    await section.getByRole("button", { name: "全員が既読にする · Everyone reads" }).click();
    await expect
      .poll(() => section.locator("output").textContent())
      .toBe("20人が既読にしました（20件） · 20 read 20 messages");

    const stats = new insight.InsightClient({
      baseURL: running.baseURL,
      channelAccessToken: channel.channelAccessToken,
    });
    const today = new Date(Date.now() + 9 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll("-", "");
    const unit = await stats.getStatisticsPerUnit("weekend_sale", today, today);
    expect(unit.overview.uniqueImpression).toBe(40);

    await section.getByRole("button", { name: "全員が既読にする · Everyone reads" }).click();
    await expect
      .poll(() => section.locator("output").textContent())
      .toBe("未読の友だちはいません · Nobody had anything unread");
    await page.close();
  });
});
