import { testDatabaseKinds } from "@kizuna/db/testing";
import { messagingApi } from "@line/bot-sdk";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import {
  control,
  eventually,
  richMenuImage,
  type Stack,
  signUpOwner,
  startStack,
} from "./harness.ts";

const OWNER = { email: "owner@example.jp", password: "a long enough password" };
const kind = testDatabaseKinds().at(-1)!;

type Area = { label?: string; data: string };
function richMenu(name: string, areas: Area[]): messagingApi.RichMenuRequest {
  const width = Math.floor(2500 / areas.length);
  return {
    size: { width: 2500, height: 843 },
    selected: true,
    name,
    chatBarText: name,
    areas: areas.map((area, i) => ({
      bounds: { x: i * width, y: 0, width, height: 843 },
      action: { type: "postback", data: area.data, ...(area.label ? { label: area.label } : {}) },
    })),
  };
}

describe(`rich-menu taps on the timeline and in segments, on ${kind.name}`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  // 花子 and 太郎 see the default shop menu; 次郎 has the members' menu linked; 三郎 taps a
  // button LINE sent him, not a rich menu.
  const names = ["花子", "太郎", "次郎", "三郎"] as const;
  const users = new Map<string, string>();
  const friends = new Map<string, string>();
  const menus = { shop: "", members: "" };

  beforeAll(async () => {
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url, OWNER.email, OWNER.password);
    for (const name of names) {
      const userId = await stack.addUser(name);
      await stack.act(userId, "follow");
      users.set(name, userId);
    }
    const rows = await eventually(
      async () => {
        const found = await stack.database.db
          .selectFrom("friends")
          .select(["id", "line_user_id"])
          .where("channel_id", "=", stack.channel.id)
          .execute();
        return found.length === names.length ? found : undefined;
      },
      15_000,
      "friends from the follows",
    );
    for (const name of names)
      friends.set(name, rows.find((row) => row.line_user_id === users.get(name))!.id);

    // Both menus have a coupon area sending the same data, and areas of their own.
    const line = {
      channelAccessToken: stack.lineChannel.channelAccessToken,
      baseURL: stack.emulatorUrl,
    };
    const api = new messagingApi.MessagingApiClient(line);
    const blob = new messagingApi.MessagingApiBlobClient(line);
    menus.shop = (
      await api.createRichMenu(
        richMenu("ショップ", [
          { label: "クーポン", data: "coupon" },
          { label: "カタログ", data: "catalog" },
          { data: "shop-news" },
        ]),
      )
    ).richMenuId;
    menus.members = (
      await api.createRichMenu(
        richMenu("会員", [
          { label: "クーポン", data: "coupon" },
          { label: "ポイント", data: "points" },
        ]),
      )
    ).richMenuId;
    for (const id of [menus.shop, menus.members]) await blob.setRichMenuImage(id, richMenuImage());
    await api.setDefaultRichMenu(menus.shop);
    await api.linkRichMenuIdToUser(users.get("次郎")!, menus.members);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "ja-JP" });
    page.setDefaultTimeout(8_000);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const tap = (name: string, spot: { areaIndex: number } | { x: number; y: number }) =>
    control<{ richMenuId: string }>(
      stack.emulatorUrl,
      "POST",
      `/_emulator/users/${users.get(name)}/rich-menu/tap`,
      spot,
    );

  /** The friend's postbacks, oldest first, once `expected` of them are written and named. */
  async function postbacks(name: string, expected: number, named: number) {
    return eventually(
      async () => {
        const rows = await stack.database.db
          .selectFrom("friend_timeline")
          .select("detail")
          .where("friend_id", "=", friends.get(name)!)
          .where("kind", "=", "postback")
          .orderBy("occurred_at")
          .execute();
        const details = rows.map((row) => row.detail as Record<string, unknown>);
        return details.length === expected && details.filter((d) => d.richMenuId).length === named
          ? details
          : undefined;
      },
      15_000,
      `${name}'s ${expected} postbacks`,
    );
  }

  it("records which menu and area each friend tapped, and a plain postback as before", async () => {
    expect((await tap("花子", { areaIndex: 0 })).richMenuId).toBe(menus.shop);
    await tap("花子", { x: 100, y: 400 });
    await tap("太郎", { areaIndex: 0 });
    await tap("太郎", { areaIndex: 1 });
    await tap("太郎", { areaIndex: 2 });
    expect((await tap("次郎", { areaIndex: 0 })).richMenuId).toBe(menus.members);
    await tap("次郎", { areaIndex: 0 });
    await tap("次郎", { areaIndex: 1 });
    await control(stack.emulatorUrl, "POST", `/_emulator/users/${users.get("三郎")}/postback`, {
      data: "action=reserve",
    });

    const shop = { richMenuId: menus.shop, richMenuName: "ショップ" };
    const members = { richMenuId: menus.members, richMenuName: "会員" };
    expect(await postbacks("花子", 2, 2)).toEqual([
      { data: "coupon", ...shop, area: "クーポン" },
      { data: "coupon", ...shop, area: "クーポン" },
    ]);
    expect(await postbacks("太郎", 3, 3)).toEqual([
      { data: "coupon", ...shop, area: "クーポン" },
      { data: "catalog", ...shop, area: "カタログ" },
      { data: "shop-news", ...shop, area: "area 3" },
    ]);
    // The same coupon data, from the menu linked to him.
    expect(await postbacks("次郎", 3, 3)).toEqual([
      { data: "coupon", ...members, area: "クーポン" },
      { data: "coupon", ...members, area: "クーポン" },
      { data: "points", ...members, area: "ポイント" },
    ]);
    expect(await postbacks("三郎", 1, 0)).toEqual([{ data: "action=reserve" }]);
  });

  it("lists the channel's menus and their areas for the builder", async () => {
    const response = await admin.request("GET", `/api/channels/${stack.channel.id}/rich-menus`);
    expect(response.status).toBe(200);
    const { richMenus } = (await response.json()) as {
      richMenus: { richMenuId: string; name: string; areas: string[] }[];
    };
    expect(richMenus.map(({ richMenuId, name, areas }) => ({ richMenuId, name, areas }))).toEqual(
      expect.arrayContaining([
        { richMenuId: menus.shop, name: "ショップ", areas: ["クーポン", "カタログ", "area 3"] },
        { richMenuId: menus.members, name: "会員", areas: ["クーポン", "ポイント"] },
      ]),
    );
    const anonymous = await fetch(`${stack.url}/api/channels/${stack.channel.id}/rich-menus`);
    expect(anonymous.status).toBe(401);
  });

  it("shows the tap with its menu and area on the friend's timeline", async () => {
    await page.goto(stack.url);
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-segments").waitFor();

    const headlines = async (name: string) => {
      await page.goto(`${stack.url}/friends/${friends.get(name)}`);
      const items = page.locator('[data-testid="timeline-item"][data-kind="postback"]');
      await items.first().waitFor();
      return items.allTextContents();
    };
    const jiro = await headlines("次郎");
    expect(jiro).toHaveLength(3);
    expect(jiro[0]).toContain("リッチメニュー「会員」の「ポイント」をタップしました");
    expect(jiro[1]).toContain("リッチメニュー「会員」の「クーポン」をタップしました");
    const saburo = await headlines("三郎");
    expect(saburo).toHaveLength(1);
    expect(saburo[0]).toContain("ボタンをタップしました");
    expect(saburo[0]).toContain("action=reserve");
    expect(saburo[0]).not.toContain("リッチメニュー");
  });

  it("counts the friends who tapped the shop's coupon area twice in the last 30 days", async () => {
    await page.getByTestId("nav-segments").click();
    await page.getByTestId("segment-new").click();
    await page.getByTestId("segment-builder").waitFor();
    const row = page.getByTestId("condition-row").first();
    const choose = async (testId: string, option: string) => {
      await row.getByTestId(testId).click();
      await page.getByRole("option", { name: option, exact: true }).click();
    };
    const count = () => page.getByTestId("segment-count").getAttribute("data-count");
    const countIs = (expected: number) =>
      eventually(
        async () => ((await count()) === String(expected) ? true : undefined),
        8_000,
        `count ${expected}`,
      );
    const sample = async () =>
      (await page.getByTestId("sample-friend").allTextContents())
        .map((text) => names.find((name) => text.includes(name)))
        .sort();

    await countIs(4);
    await choose("condition-field", "リッチメニューのタップ");
    await row.getByTestId("condition-value").click();
    const offered = await page.getByRole("listbox").getByRole("option").allTextContents();
    expect(offered).toEqual(["すべてのリッチメニュー", "ショップ", "会員"]);
    await page.getByRole("option", { name: "ショップ", exact: true }).click();
    await row.getByTestId("condition-extra").click();
    const areas = await page.getByRole("listbox").getByRole("option").allTextContents();
    expect(areas).toEqual(["すべてのエリア", "クーポン", "カタログ", "area 3"]);
    await page.getByRole("option", { name: "クーポン", exact: true }).click();
    await choose("window-type", "過去");
    await row.getByTestId("window-amount").fill("30");
    await row.getByTestId("count-value").fill("2");
    await countIs(1);
    expect(await sample()).toEqual(["花子"]);

    // Any menu: 次郎's two coupon taps on the members' menu count too.
    await choose("condition-value", "すべてのリッチメニュー");
    await countIs(2);
    expect(await sample()).toEqual(["次郎", "花子"]);
  });
});
