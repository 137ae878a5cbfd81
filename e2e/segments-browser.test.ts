import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

// Refreshed in docs/ with UPDATE_SCREENSHOTS=1; a plain run writes to .e2e/.
const SCREENSHOTS = join(
  import.meta.dirname,
  "..",
  process.env.UPDATE_SCREENSHOTS ? "docs" : ".e2e",
);
const OWNER = { email: "owner@example.jp", password: "a long enough password" };

const kind = testDatabaseKinds().at(-1)!;

describe(`the segment builder in the admin UI, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  // Two VIPs, one of whom bought for ¥6,800 last week; a regular who bought for ¥1,200.
  const names = ["VIP 花子", "VIP 太郎", "常連 次郎", "新規 三郎"];
  const friendIds = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack(kind);
    const admin = await signUpOwner(stack.url, OWNER.email, OWNER.password);
    const channelPath = `/api/channels/${stack.channel.id}`;
    const lineUsers = new Map<string, string>();
    for (const name of names) {
      const userId = await stack.addUser(name);
      await stack.act(userId, "follow");
      lineUsers.set(name, userId);
    }
    const { db } = stack.database;
    await eventually(
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
    for (const [name, userId] of lineUsers) {
      const row = await db
        .selectFrom("friends")
        .select("id")
        .where("line_user_id", "=", userId)
        .executeTakeFirstOrThrow();
      friendIds.set(name, row.id);
    }

    const tag = await (await admin.request("POST", `${channelPath}/tags`, { name: "VIP" })).json();
    for (const name of ["VIP 花子", "VIP 太郎"]) {
      const response = await admin.request(
        "POST",
        `${channelPath}/friends/${friendIds.get(name)}/tags`,
        {
          tagIds: [tag.tag.id],
        },
      );
      expect(response.status).toBeLessThan(300);
    }
    const key = await (
      await admin.request("POST", "/api/api-keys", { name: "POS", scopes: ["events:write"] })
    ).json();
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const events = await fetch(`${stack.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        events: [
          {
            lineUserId: lineUsers.get("VIP 花子"),
            type: "purchase",
            occurredAt: lastWeek,
            properties: { amount: 6800 },
          },
          {
            lineUserId: lineUsers.get("常連 次郎"),
            type: "purchase",
            occurredAt: lastWeek,
            properties: { amount: 1200 },
          },
        ],
      }),
    });
    expect((await events.json()).accepted).toBe(2);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "ja-JP" });
    page.setDefaultTimeout(8_000);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const count = () => page.getByTestId("segment-count").getAttribute("data-count");
  const sampleNames = async () =>
    (await page.getByTestId("sample-friend").allTextContents()).map((text) =>
      names.find((name) => text.includes(name)),
    );
  const countIs = (expected: number) =>
    eventually(
      async () => ((await count()) === String(expected) ? true : undefined),
      8_000,
      `count ${expected}`,
    );

  /** Opens a Mantine select by its test id and picks the option with this name. */
  async function choose(scope: ReturnType<Page["getByTestId"]>, testId: string, option: string) {
    await scope.getByTestId(testId).click();
    await page.getByRole("option", { name: option, exact: true }).click();
  }

  it("signs in and opens a new segment, which counts every friend before any condition", async () => {
    await page.goto(stack.url);
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-segments").click();
    await page.getByTestId("segment-new").click();
    await page.getByTestId("segment-builder").waitFor();
    await countIs(4);
  });

  it("narrows to the VIP tag, and shows who they are", async () => {
    const row = page.getByTestId("condition-row").first();
    await choose(row, "condition-field", "タグ");
    await row.getByTestId("condition-choices").click();
    await page.getByRole("option", { name: "VIP", exact: true }).click();
    await page.keyboard.press("Escape");
    await countIs(2);
    expect((await sampleNames()).sort()).toEqual(["VIP 太郎", "VIP 花子"]);
    await expect(page.getByTestId("segment-count-ms").textContent()).resolves.toMatch(
      /集計 [\d.]+ ms/,
    );
  });

  it("adds a purchase of ¥5,000 or more in the last 30 days, in words", async () => {
    await page.getByTestId("add-condition").last().click();
    const row = page.getByTestId("condition-row").nth(1);
    await choose(row, "condition-field", "イベント（購入・カート・お気に入り・来店など）");
    await choose(row, "window-type", "過去");
    await row.getByTestId("window-amount").fill("30");
    await row.getByTestId("event-add-where").click();
    await row.getByTestId("event-property-value").fill("5000");
    await countIs(1);
    expect(await sampleNames()).toEqual(["VIP 花子"]);
    await page.screenshot({ path: join(SCREENSHOTS, "segment-builder.png"), fullPage: true });
  });

  it("turns the purchase into an exclusion: VIPs who have not bought", async () => {
    const row = page.getByTestId("condition-row").nth(1);
    await row.getByTestId("condition-exclude").check();
    // The count stays 1; who it is changes.
    await eventually(
      async () => ((await sampleNames()).join() === "VIP 太郎" ? true : undefined),
      8_000,
      "VIP 太郎 in the sample",
    );
    expect(await count()).toBe("1");
  });

  it("offers a campaign message received or clicked, and says why not opened", async () => {
    await page.getByTestId("add-condition").last().click();
    const row = page.getByTestId("condition-row").nth(2);
    await choose(row, "condition-field", "配信メッセージ");
    await row.getByTestId("condition-op").click();
    const actions = await page.getByRole("listbox").getByRole("option").allTextContents();
    expect(actions).toEqual(["を受け取った", "のリンクをクリックした"]);
    await page.keyboard.press("Escape");
    const note = row.getByLabel(/開封は LINE が友だちごとに通知しないため/);
    await note.hover();
    await expect(page.getByRole("tooltip").textContent()).resolves.toContain(
      "配信ごとの開封数は配信結果で確認できます。",
    );
    await row.getByRole("button", { name: "条件を削除" }).click();
    await expect(page.getByTestId("condition-row").count()).resolves.toBe(2);
    await countIs(1);
  });

  it("saves the segment, which the list shows with its count", async () => {
    await page.getByTestId("segment-name").fill("買っていないVIP");
    await page.getByTestId("segment-save").click();
    const saved = page.locator('[data-testid="segment-row"][data-name="買っていないVIP"]');
    await saved.waitFor();
    await expect(saved.getByTestId("segment-row-count").textContent()).resolves.toBe("1人");
    await page.screenshot({ path: join(SCREENSHOTS, "segments-list.png"), fullPage: true });
  });

  it("says so when a segment saved with a withdrawn condition is opened, instead of showing it empty", async () => {
    // As an older version saved it, when "opened" was still a condition.
    await stack.database.db
      .insertInto("segments")
      .values({
        channel_id: stack.channel.id,
        name: "開封した人",
        definition: JSON.stringify({ version: 1, root: { kind: "message", action: "opened" } }),
      })
      .execute();
    await page.getByTestId("nav-segments").click();
    // Written behind the list's back: read it afresh.
    await page.reload();
    await page
      .locator('[data-testid="segment-row"][data-name="開封した人"]')
      .getByRole("link", { name: "開封した人" })
      .click();
    await expect(page.getByTestId("segment-unreadable").textContent()).resolves.toContain(
      "廃止された条件（「開封した」など）を含むため読み込めません",
    );
  });
});
