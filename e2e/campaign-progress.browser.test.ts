import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Worker } from "@kizuna/worker";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, signUpOwner, stackWorker, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const OWNER = { email: "owner@example.jp", password: "a long enough password" };
// LINE's push limit cut to 4 a second on the emulator; the worker paces itself at 3, and
// claims two recipients at a time, so 23 pushes take about eight seconds to watch.
const PUSH_LIMIT = { limit: 4, windowMs: 1_000 };
const SLOW = {
  leaseMs: 1_500,
  pollMs: 100,
  rates: { multicast: 3, push: 3 },
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
  personalisedWindowSize: 2,
  bufferSeconds: 1,
};
// Sent in order of the names: the one who blocks is last, still unsent when they block.
const NAMES = Array.from({ length: 20 }, (_, i) => `友だち ${String(i + 1).padStart(2, "0")}`);
const BLOCKER = "友だち 99";

const kind = testDatabaseKinds().at(-1)!;

describe(`a campaign's progress on its result page, live, in Chromium, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  const workers: Worker[] = [];

  beforeAll(async () => {
    stack = await startStack(kind, {
      worker: false,
      emulator: { rateLimits: { overrides: { "POST /v2/bot/message/push": PUSH_LIMIT } } },
    });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await stack?.stop();
  });

  async function runWorker(): Promise<Worker> {
    const worker = await stackWorker(stack, {
      delivery: SLOW,
      opens: false,
    });
    workers.push(worker);
    return worker;
  }

  it("shows the sent count rise without a reload, then accepted, failed and skipped with their reasons", async () => {
    const channel = { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId };
    const admin = await signUpOwner(stack.url, OWNER.email, OWNER.password);
    const channelPath = `/api/channels/${channel.id}`;
    const settings = await admin.request("PUT", `${channelPath}/delivery-settings`, {
      plan: "standard",
      customPlan: null,
      monthlyLimit: null,
      frequencyCap: { count: 1, periodHours: 24 },
      quietHours: null,
      timeZone: "Asia/Tokyo",
    });
    expect(settings.status, await settings.clone().text()).toBe(200);
    const campaignOf = async (id: string) => {
      const response = await admin.request("GET", `${channelPath}/campaigns/${id}`);
      return ((await response.json()) as { campaign: { status: string } }).campaign;
    };

    // A regular who had this morning's campaign: the frequency cap (one a day) skips her.
    await seedFriends(stack.database, stack.emulatorUrl, channel, 1, ["常連 さくら"]);
    const morning = await admin.request("POST", `${channelPath}/campaigns`, {
      name: "朝のお知らせ",
      messages: [{ type: "text", text: "おはようございます" }],
    });
    expect(morning.status).toBe(202);
    const { campaign: first } = (await morning.json()) as { campaign: { id: string } };
    const earlier = await runWorker();
    await eventually(
      async () => ((await campaignOf(first.id)).status === "done" ? true : undefined),
      15_000,
      "the morning campaign sent",
    );
    await earlier.stop();

    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 21, [
      ...NAMES,
      BLOCKER,
    ]);
    const blocker = userIds.at(-1)!;
    // A friend whose user id the channel does not know: LINE answers 400 to the push.
    await stack.database.db
      .insertInto("friends")
      .values({
        channel_id: channel.id,
        line_user_id: `U${"f".repeat(32)}`,
        display_name: "幽霊",
        status: "following",
        followed_at: new Date(),
        status_changed_at: new Date(),
        profile_fetched_at: new Date(),
      })
      .execute();
    const created = await admin.request("POST", `${channelPath}/campaigns`, {
      name: "冬のセール",
      messages: [{ type: "text", text: "{{name}}さん、冬のセールが始まりました" }],
    });
    expect(created.status).toBe(202);
    const { campaign } = (await created.json()) as { campaign: { id: string } };

    // The result page is open before any worker picks the campaign up.
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: "ja-JP",
    });
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.url}/campaigns/${campaign.id}`);
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    const result = page.getByTestId("campaign-result");
    await page.locator('[data-testid="campaign-result"][data-status="queued"]').waitFor();
    await expect(page.getByTestId("campaign-status").textContent()).resolves.toBe("配信待ち");
    // What the page shows, noted each time it changes; a reload would lose the notes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      setInterval(() => {
        const status = document.querySelector('[data-testid="campaign-status"]')?.textContent;
        const accepted = document.querySelector(
          '[data-testid="campaign-stat-accepted"] [data-value]',
        )?.textContent;
        const now = `${status} ${accepted}`;
        if (seen.at(-1) !== now) seen.push(now);
      }, 20);
    });

    await runWorker();
    await page.locator('[data-testid="campaign-result"][data-status="sending"]').waitFor();
    await expect(page.getByTestId("campaign-status").textContent()).resolves.toBe("配信中");
    // The last of the audience blocks the channel while the others are being sent to.
    await stack.act(blocker, "unfollow");
    await eventually(
      async () => {
        const friend = await stack.database.db
          .selectFrom("friends")
          .select("status")
          .where("line_user_id", "=", blocker)
          .executeTakeFirstOrThrow();
        return friend.status === "blocked" ? true : undefined;
      },
      5_000,
      "the block recorded",
    );
    await expect(page.getByTestId("campaign-rate").textContent()).resolves.toMatch(
      /^毎秒 \d+人のペースで配信中$/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-sending.png") });

    await page
      .locator('[data-testid="campaign-result"][data-status="done"]')
      .waitFor({ timeout: 30_000 });
    await expect(page.getByTestId("campaign-status").textContent()).resolves.toBe("配信完了");
    const stat = (key: string) => page.getByTestId(`campaign-stat-${key}`).textContent();
    await expect(stat("recipients")).resolves.toBe("配信対象23人");
    await expect(stat("accepted")).resolves.toBe("送信成功20人");
    await expect(stat("failed")).resolves.toBe("失敗1人");
    await expect(stat("skipped")).resolves.toBe("スキップ2人");
    const failure = page.getByTestId("campaign-failures").getByRole("row");
    await expect(failure.count()).resolves.toBe(1);
    await expect(failure.textContent()).resolves.toMatch(/^LINE が受け付けなかった.*1$/s);
    const skips = page.getByTestId("campaign-skips").getByRole("row");
    await expect(skips.allTextContents()).resolves.toEqual([
      "ブロック（対象確定後にブロックした友だち）1",
      "配信頻度の上限1",
    ]);
    await expect(page.getByTestId("campaign-rate").count()).resolves.toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "campaign-progress.png"), fullPage: true });

    // Queued, then sending with the count rising step by step, then done: all on one page load.
    const seen = await page.evaluate(() => (window as unknown as { seen?: string[] }).seen);
    expect(seen?.[0]).toBe("配信待ち 0");
    expect(seen?.at(-1)).toBe("配信完了 20");
    const sending = (seen ?? [])
      .filter((s) => s.startsWith("配信中 "))
      .map((s) => Number(s.slice("配信中 ".length)));
    expect(sending).toEqual([...sending].sort((a, b) => a - b));
    expect(sending.filter((n) => n > 0 && n < 20).length).toBeGreaterThanOrEqual(3);

    // LINE has exactly the twenty who were neither capped, blocked nor unknown to it.
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    const winter = received.filter((r) => r.message.text?.endsWith("冬のセールが始まりました"));
    expect(winter.map((r) => r.userId).sort()).toEqual(userIds.slice(0, 20).sort());

    // The same result in English.
    await page.getByTestId("language-switch").click();
    await expect(page.getByTestId("campaign-status").textContent()).resolves.toBe("Done");
    await expect(stat("accepted")).resolves.toBe("Accepted20");
    await expect(failure.textContent()).resolves.toMatch(/^LINE refused it.*1$/s);
    await expect(skips.allTextContents()).resolves.toEqual([
      "Blocked after the audience was set1",
      "Frequency cap1",
    ]);
    await expect(result.textContent()).resolves.toContain("Why friends were skipped");
  }, 120_000);
});
