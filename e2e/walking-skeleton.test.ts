import { createHmac } from "node:crypto";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

interface FriendJson {
  lineUserId: string;
  displayName: string | null;
  status: string;
  blockedAt: string | null;
}

describe.each(testDatabaseKinds())("Kizuna end to end on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;

  beforeAll(async () => {
    stack = await startStack(kind);
    admin = await signUpOwner(stack.url);
  });
  afterAll(() => stack?.stop());

  async function friends(
    query = "",
  ): Promise<{ friends: FriendJson[]; nextCursor: string | null }> {
    const response = await admin.request(
      "GET",
      `/api/channels/${stack.channel.id}/friends${query}`,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { friends: FriendJson[]; nextCursor: string | null };
  }

  function friendOf(userId: string) {
    return async () => (await friends()).friends.find((f) => f.lineUserId === userId);
  }

  it("lists a friend who follows, with the profile fetched from LINE", async () => {
    const userId = await stack.addUser("山田 太郎");
    await stack.act(userId, "follow");
    const friend = await eventually(
      async () => {
        const f = await friendOf(userId)();
        return f?.displayName ? f : undefined;
      },
      5_000,
      "the friend with a profile",
    );
    expect(friend).toMatchObject({
      displayName: "山田 太郎",
      status: "following",
      blockedAt: null,
    });
  });

  it("marks a friend who blocks, and back when they unblock", async () => {
    const userId = await stack.addUser("Blocker");
    await stack.act(userId, "follow");
    await eventually(friendOf(userId), 5_000, "follow");
    await stack.act(userId, "unfollow");
    const blocked = await eventually(
      async () => ((await friendOf(userId)())?.status === "blocked" ? true : undefined),
      5_000,
      "block",
    );
    expect(blocked).toBe(true);
    const onlyBlocked = await friends("?status=blocked");
    expect(onlyBlocked.friends.map((f) => f.lineUserId)).toContain(userId);
    expect(onlyBlocked.friends.every((f) => f.status === "blocked")).toBe(true);

    await stack.act(userId, "follow");
    await eventually(
      async () => ((await friendOf(userId)())?.status === "following" ? true : undefined),
      5_000,
    );
  });

  it("searches friends by part of their name", async () => {
    const userId = await stack.addUser("検索 できる子");
    await stack.act(userId, "follow");
    await eventually(
      async () => ((await friendOf(userId)())?.displayName ? true : undefined),
      5_000,
    );
    const found = await friends(`?q=${encodeURIComponent("できる")}`);
    expect(found.friends.map((f) => f.displayName)).toEqual(["検索 できる子"]);
  });

  it("sends a campaign to every valid friend in multicasts, never to one who blocked", async () => {
    // More than one multicast's worth (500) of friends, seeded set-based (the webhook path is
    // the other tests' subject), and one who blocks through webhooks.
    const { userIds: following } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      { id: stack.channel.id, lineChannelId: stack.lineChannel.channelId },
      620,
    );
    const blocker = await stack.addUser("ブロックした人");
    await stack.act(blocker, "follow");
    await stack.act(blocker, "unfollow");
    await eventually(
      async () => {
        const all = await admin.request("GET", "/api/channels");
        const { channels } = (await all.json()) as {
          channels: { validFriends: number; blockedFriends: number }[];
        };
        return channels[0] && channels[0].validFriends >= 622 && channels[0].blockedFriends >= 1
          ? true
          : undefined;
      },
      60_000,
      "all follows processed",
    );

    const sent = await admin.request("POST", `/api/channels/${stack.channel.id}/campaigns`, {
      messages: [{ type: "text", text: "週末セール開催中！" }],
    });
    expect(sent.status).toBe(202);
    const { campaign } = (await sent.json()) as { campaign: { id: string } };

    const done = await eventually(
      async () => {
        const response = await admin.request("GET", `/api/channels/${stack.channel.id}/campaigns`);
        const { campaigns } = (await response.json()) as {
          campaigns: {
            id: string;
            status: string;
            recipients: number;
            accepted: number;
            failed: number;
          }[];
        };
        const mine = campaigns.find((c) => c.id === campaign.id);
        return mine?.status === "done" ? mine : undefined;
      },
      40_000,
      "campaign done",
    );
    expect(done.failed).toBe(0);
    expect(done.accepted).toBe(done.recipients);

    const [first, last] = [following[0]!, following.at(-1)!];
    for (const userId of [first, last]) {
      expect(await stack.received(userId)).toEqual([
        expect.objectContaining({
          via: "multicast",
          message: { type: "text", text: "週末セール開催中！" },
        }),
      ]);
    }
    expect(await stack.received(blocker)).toEqual([]);
    // 620 follows through webhooks take a while on PGlite on a busy machine.
  }, 120_000);

  it("refuses an unsigned or forged webhook before reading it", async () => {
    const url = `${stack.url}/webhooks/line/${stack.lineChannel.channelId}`;
    const notJson = "{ this is not json";
    const forged = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": "AAAA" },
      body: notJson,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(unsigned.status).toBe(401);
  });

  it("stores a redelivered event once", async () => {
    const userId = await stack.addUser("Redelivered");
    const event = {
      type: "follow",
      mode: "active",
      timestamp: Date.now(),
      source: { type: "user", userId },
      webhookEventId: "01JREDELIVERED0000000000AA",
      deliveryContext: { isRedelivery: false },
      replyToken: "r",
      follow: { isUnblocked: false },
    };
    for (const isRedelivery of [false, true]) {
      const body = JSON.stringify({
        destination: "U0",
        events: [{ ...event, deliveryContext: { isRedelivery } }],
      });
      const signature = createHmac("sha256", stack.lineChannel.channelSecret)
        .update(body)
        .digest("base64");
      const response = await fetch(`${stack.url}/webhooks/line/${stack.lineChannel.channelId}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": signature },
        body,
      });
      expect(response.status).toBe(200);
    }
    const { rows } = await stack.database.query(
      "SELECT count(*)::int AS n FROM webhook_events WHERE webhook_event_id = $1",
      [event.webhookEventId],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it("answers /healthz with the database and worker status", async () => {
    const health = await eventually(async () => {
      const response = await fetch(`${stack.url}/healthz`);
      return response.status === 200
        ? ((await response.json()) as Record<string, unknown>)
        : undefined;
    }, 10_000);
    expect(health).toMatchObject({ status: "ok", database: { ok: true }, worker: { ok: true } });
  });
});
