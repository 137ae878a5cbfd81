import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SEGMENT_DEFINITION_VERSION } from "@kizuna/core/segments";
import { campaignClickCounts } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control, eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

/** What LINE's in-app browser on an iPhone sends. */
const LINE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/15.10.0";

describe.each(testDatabaseKinds())("click tracking end to end on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let shop: Server;
  let shopUrl: string;

  beforeAll(async () => {
    shop = createServer((_request, response) => response.writeHead(200).end("sale"));
    await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url);
    // The OA's LINE Login channel (same provider), which tracking links sign friends in with.
    const login = await control<{ channelId: string; channelSecret: string }>(
      stack.emulatorUrl,
      "POST",
      "/_emulator/login-channels",
      {
        linkedChannelId: stack.lineChannel.channelId,
        callbackUrls: [`${stack.url}/login/line/callback`],
      },
    );
    const saved = await admin.request("PUT", `/api/channels/${stack.channel.id}/login-channel`, {
      loginChannelId: login.channelId,
      loginChannelSecret: login.channelSecret,
      loginBaseUrl: stack.emulatorUrl,
    });
    expect(saved.status).toBe(204);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    shop?.closeAllConnections();
    shop?.close();
  });

  async function friend(name: string) {
    const userId = await stack.addUser(name);
    await stack.act(userId, "follow");
    const row = await eventually(() =>
      stack.database.db
        .selectFrom("friends")
        .select("id")
        .where("line_user_id", "=", userId)
        .executeTakeFirst(),
    );
    return { userId, friendId: row.id };
  }

  async function sendCampaign(text: string) {
    const sent = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      name: "冬のセール",
      messages: [
        { type: "text", text },
        {
          type: "template",
          altText: "セール",
          template: {
            type: "buttons",
            text: "冬のセール",
            actions: [{ type: "uri", label: "見る", uri: `${shopUrl}/sale?id=1` }],
          },
        },
      ],
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    return ((await sent.json()) as { campaign: { id: string } }).campaign.id;
  }

  const trackedUrlIn = (text: string) => {
    const match = new RegExp(`${stack.url}/l/[0-9A-Za-z]+`).exec(text);
    expect(match, text).not.toBeNull();
    return match![0];
  };

  const clickedSegment = async (campaignId: string) => {
    const preview = await admin.request(
      "POST",
      `/api/channels/${stack.channel.id}/segments/preview`,
      {
        definition: {
          version: SEGMENT_DEFINITION_VERSION,
          root: {
            kind: "group",
            match: "all",
            conditions: [{ kind: "message", action: "clicked", campaignId }],
          },
        },
        sample: 50,
      },
    );
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as { count: number; sample: { id: string }[] };
    return body.sample.map((f) => f.id);
  };

  it("a friend who opens a campaign's link lands on the page, and 'clicked campaign X' holds them", async () => {
    const hanako = await friend("花子");
    const taro = await friend("太郎");
    const campaignId = await sendCampaign(
      `冬のセール開催中！詳しくは${shopUrl}/sale?id=1をチェック`,
    );

    const text = await eventually(
      async () =>
        (await stack.received(hanako.userId)).find((m) => m.message.type === "text")?.message.text,
      30_000,
      "the campaign's text",
    );
    expect(text).not.toContain(shopUrl);
    expect(text).toMatch(
      /^冬のセール開催中！詳しくはhttp:\/\/127\.0\.0\.1:\d+\/l\/[0-9A-Za-z]+をチェック$/,
    );
    const link = trackedUrlIn(text);

    const opened = await control<{ finalUrl: string; status: number }>(
      stack.emulatorUrl,
      "POST",
      `/_emulator/users/${hanako.userId}/open-link`,
      { url: link },
    );
    expect(opened).toMatchObject({ finalUrl: `${shopUrl}/sale?id=1`, status: 200 });
    // A reload right after is the same click.
    await control(stack.emulatorUrl, "POST", `/_emulator/users/${hanako.userId}/open-link`, {
      url: link,
    });

    expect(await clickedSegment(campaignId)).toEqual([hanako.friendId]);
    expect(await campaignClickCounts(stack.database.db, campaignId)).toEqual([
      { variant: null, clicks: 1, uniqueClickers: 1 },
    ]);
    const timeline = await admin.request(
      "GET",
      `/api/channels/${stack.channel.id}/friends/${hanako.friendId}/timeline`,
    );
    expect(JSON.stringify(await timeline.json())).toContain(`"url":"${shopUrl}/sale?id=1"`);
    expect(await clickedSegment(campaignId)).not.toContain(taro.friendId);
  }, 120_000);

  it("sends a browser outside LINE, or a visitor who declines LINE Login, straight on as an anonymous click", async () => {
    const campaignId = await sendCampaign(`${shopUrl}/sale?id=1`);
    const links = await stack.database.db
      .selectFrom("tracked_links")
      .select(["code", "url"])
      .where("campaign_id", "=", campaignId)
      .execute();
    expect(links).toEqual([
      { code: expect.stringMatching(/^[0-9A-Za-z]{12}$/), url: `${shopUrl}/sale?id=1` },
    ]);
    const link = `${stack.url}/l/${links[0]!.code}`;

    const checked = await fetch(link, { method: "HEAD", redirect: "manual" });
    expect(checked.status).toBe(302);
    const outside = await fetch(link, { redirect: "manual" });
    expect(outside.status).toBe(302);
    expect(outside.headers.get("location")).toBe(`${shopUrl}/sale?id=1`);

    const inLine = await fetch(link, { redirect: "manual", headers: { "user-agent": LINE_UA } });
    expect(inLine.status).toBe(302);
    const authorize = new URL(inLine.headers.get("location")!);
    expect(authorize.pathname).toBe("/oauth2/v2.1/authorize");
    expect(authorize.searchParams.get("scope")).toContain("openid");
    const declined = await fetch(
      `${stack.url}/login/line/callback?error=access_denied&state=${encodeURIComponent(authorize.searchParams.get("state")!)}`,
      { redirect: "manual" },
    );
    expect(declined.status).toBe(302);
    expect(declined.headers.get("location")).toBe(`${shopUrl}/sale?id=1`);

    expect(await campaignClickCounts(stack.database.db, campaignId)).toEqual([
      { variant: null, clicks: 2, uniqueClickers: 0 },
    ]);
    expect(await clickedSegment(campaignId)).toEqual([]);
  }, 60_000);

  it("gives each variant of an A/B split links of its own", async () => {
    const variant = (path: string) => ({
      weight: 50,
      messages: [{ type: "text", text: `新作はこちら ${shopUrl}${path}` }],
    });
    const sent = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      variants: [variant("/a"), variant("/b")],
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const { campaign } = (await sent.json()) as {
      campaign: { id: string; variants: { messages: { text: string }[] }[] };
    };
    const links = await stack.database.db
      .selectFrom("tracked_links")
      .select(["code", "url", "variant"])
      .where("campaign_id", "=", campaign.id)
      .orderBy("variant")
      .execute();
    expect(links.map((l) => [l.variant, l.url])).toEqual([
      [0, `${shopUrl}/a`],
      [1, `${shopUrl}/b`],
    ]);
    expect(campaign.variants.map((v) => v.messages[0]!.text)).toEqual(
      links.map((l) => `新作はこちら ${stack.url}/l/${l.code}`),
    );
  }, 60_000);

  it("answers an unknown link with a page, not a redirect", async () => {
    const response = await fetch(`${stack.url}/l/NoSuchCode123`, { redirect: "manual" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
  });
});
