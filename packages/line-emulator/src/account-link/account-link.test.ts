import { HTTPFetchError, messagingApi, validateSignature } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateResponse, validateSchema } from "../contract/openapi.ts";
import type { Channel } from "../state/types.ts";
import {
  arrangeChannel,
  eventually,
  type Running,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../testing/harness.ts";

let running: Running;
let bot: WebhookReceiver;
let clock: number;
beforeEach(async () => {
  clock = Date.now();
  bot = await startWebhookReceiver();
  running = await startEmulator({ now: () => clock });
});
afterEach(async () => {
  await running.close();
  await bot.close();
});

const NONCE = "bm9uY2UtZm9yLXRlc3RzLTEyMzQ1Ng";

function api(channel: Channel) {
  return new messagingApi.MessagingApiClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });
}

async function arrange() {
  const { channel, friends } = await arrangeChannel(running.control, {
    webhookUrl: bot.url,
    friends: 2,
  });
  // The follow events are not what these tests are about.
  await eventually(() => bot.requests.length >= 2, "follow webhooks");
  bot.requests.length = 0;
  return { channel, friends };
}

/** Gives a webhook that should not exist the time it would need to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** accountLink events the bot received, each checked for its signature and against webhook.yml. */
function accountLinkEvents(channel: Channel): Record<string, unknown>[] {
  return bot.requests.flatMap((request) => {
    expect(
      validateSignature(
        request.rawBody,
        channel.channelSecret,
        request.headers["x-line-signature"] as string,
      ),
    ).toBe(true);
    expect(validateSchema("webhook.yml", "CallbackRequest", request.body)).toEqual({ ok: true });
    return request.body.events.filter((event) => event.type === "accountLink");
  });
}

describe("link tokens", () => {
  it("are issued for a user of the channel", async () => {
    const { channel, friends } = await arrange();
    const issued = await api(channel).issueLinkTokenWithHttpInfo(friends[0]!);
    expect(issued.httpResponse.status).toBe(200);
    expect(validateResponse("messaging-api.yml", "issueLinkToken", 200, issued.body)).toEqual({
      ok: true,
    });
    expect(issued.body.linkToken).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it("are refused for a user ID the channel does not know", async () => {
    const { channel } = await arrange();
    try {
      await api(channel).issueLinkToken(`U${"0".repeat(32)}`);
      throw new Error("expected a refusal");
    } catch (error) {
      expect(error).toBeInstanceOf(HTTPFetchError);
      expect((error as HTTPFetchError).status).toBe(400);
    }
  });
});

describe("the account-link dialog, driven by a script", () => {
  it("links and sends accountLink ok with the nonce, the user and a reply token", async () => {
    const { channel, friends } = await arrange();
    const { linkToken } = await api(channel).issueLinkToken(friends[0]!);
    const linked = await running.control.post<{ result: string; replyToken: string }>(
      `/users/${friends[0]}/account-link`,
      { linkToken, nonce: NONCE },
    );
    expect(linked.status).toBe(202);
    expect(linked.body.result).toBe("ok");
    const [event] = await eventually(() => {
      const events = accountLinkEvents(channel);
      return events.length > 0 && events;
    }, "accountLink webhook");
    expect(event).toMatchObject({
      type: "accountLink",
      mode: "active",
      source: { type: "user", userId: friends[0] },
      replyToken: linked.body.replyToken,
      link: { result: "ok", nonce: NONCE },
      deliveryContext: { isRedelivery: false },
    });
    // The reply token works, like any other.
    await api(channel).replyMessage({
      replyToken: linked.body.replyToken,
      messages: [{ type: "text", text: "Linked!" }],
    });
  });

  it("sends result failed, without source or reply token, when another user opens the link", async () => {
    const { channel, friends } = await arrange();
    const { linkToken } = await api(channel).issueLinkToken(friends[0]!);
    const opened = await running.control.post<{ result: string }>(
      `/users/${friends[1]}/account-link`,
      { linkToken, nonce: NONCE },
    );
    expect(opened.body.result).toBe("failed");
    const [event] = await eventually(() => {
      const events = accountLinkEvents(channel);
      return events.length > 0 && events;
    }, "accountLink webhook");
    expect(event!.link).toEqual({ result: "failed", nonce: NONCE });
    expect(event).not.toHaveProperty("source");
    expect(event).not.toHaveProperty("replyToken");
  });

  it("refuses a used token and sends nothing", async () => {
    const { channel, friends } = await arrange();
    const { linkToken } = await api(channel).issueLinkToken(friends[0]!);
    await running.control.post(`/users/${friends[0]}/account-link`, { linkToken, nonce: NONCE });
    await eventually(() => accountLinkEvents(channel).length === 1, "first accountLink");
    const again = await running.control.post<{ error: { code: string } }>(
      `/users/${friends[0]}/account-link`,
      { linkToken, nonce: NONCE },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("link_token_used");
    await settle();
    expect(accountLinkEvents(channel)).toHaveLength(1);
  });

  it("refuses a token older than 10 minutes and sends nothing", async () => {
    const { channel, friends } = await arrange();
    const { linkToken } = await api(channel).issueLinkToken(friends[0]!);
    clock += 10 * 60 * 1000 + 1;
    const late = await running.control.post<{ error: { code: string } }>(
      `/users/${friends[0]}/account-link`,
      { linkToken, nonce: NONCE },
    );
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe("link_token_expired");
    await settle();
    expect(accountLinkEvents(channel)).toEqual([]);
  });
});

describe("the account-link dialog page", () => {
  it("shows the visitor, links on confirm, and shows an error when the link is used again", async () => {
    const { channel, friends } = await arrange();
    const { linkToken } = await api(channel).issueLinkToken(friends[0]!);
    const url = `${running.baseURL}/dialog/bot/accountLink?linkToken=${linkToken}&nonce=${NONCE}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Test shop");
    expect(html).toContain(`<option value="${friends[0]}" selected>`);

    const form = new URLSearchParams({ linkToken, nonce: NONCE, userId: friends[0]! });
    const confirmed = await fetch(`${running.baseURL}/dialog/bot/accountLink`, {
      method: "POST",
      body: form,
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Accounts linked");
    await eventually(() => accountLinkEvents(channel).length === 1, "accountLink webhook");

    const again = await fetch(url);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This link has already been used.");
  });

  it("escapes what it shows", async () => {
    const { body: evil } = await running.control.post<Channel>("/channels", {
      name: `<script>alert("x")</script>`,
    });
    const { body: user } = await running.control.post<{ userId: string }>(
      `/channels/${evil.channelId}/users`,
      { displayName: "<b>bold</b>" },
    );
    const { linkToken } = await api(evil).issueLinkToken(user.userId);
    const html = await (
      await fetch(`${running.baseURL}/dialog/bot/accountLink?linkToken=${linkToken}&nonce=${NONCE}`)
    ).text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
  });
});
