import { type AbResult, abTest, compileMessages } from "@kizuna/core";
import {
  acquireSenderLease,
  campaignResults,
  claimResends,
  claimWindow,
  createCampaign,
  failRemaining,
  findTrackedLink,
  insertTrackedLinks,
  recordLinkClick,
  settleBatches,
  startCampaign,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { Worker } from "@kizuna/worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addChannel, receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, signUpOwner, stackWorker, startStack } from "./harness.ts";

interface VariantJson {
  index: number;
  label: string;
  weight: number;
  messages: { type: string; text?: string }[];
  recipients: number;
  accepted: number;
  failed: number;
  skipped: number;
  uniqueClickers: number;
  clicks: number;
}

interface CampaignJson {
  id: string;
  status: string;
  recipients: number;
  accepted: number;
  messages: unknown[];
  variants: VariantJson[] | null;
  abResult: AbResult | null;
  clicks: number;
  uniqueClickers: number;
}

const FAST = {
  leaseMs: 1_500,
  pollMs: 100,
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
};

const text = (t: string) => [{ type: "text", text: t }];

describe.each(testDatabaseKinds())("A/B split campaigns on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  const workers: Worker[] = [];

  beforeAll(async () => {
    stack = await startStack(kind, { worker: false });
    admin = await signUpOwner(stack.url);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(() => stack?.stop());

  function newChannel() {
    return addChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
  }

  async function campaignOf(channelId: string, campaignId: string): Promise<CampaignJson> {
    const response = await admin.request(
      "GET",
      `/api/channels/${channelId}/campaigns/${campaignId}`,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { campaign: CampaignJson }).campaign;
  }

  it("sends each friend exactly one variant, split 30/70 within one friend, and counts each variant", async () => {
    workers.push(
      await stackWorker(stack, {
        delivery: FAST,
      }),
    );
    const channel = await newChannel();
    const FRIENDS = 101;
    // Half have no name: B greets them by the default, and they share one multicast.
    const names = Array.from({ length: FRIENDS }, (_, i) => (i % 2 === 0 ? `会員${i}` : null));
    const { userIds, friendIds } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      channel,
      FRIENDS,
      names,
    );
    const { db } = stack.database;

    const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      name: "件名テスト",
      variants: [
        { messages: text("春のセールのお知らせです"), weight: 30 },
        { messages: text("{{name|お客様}}さん、春のセールが始まりました"), weight: 70 },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const created = ((await response.json()) as { campaign: CampaignJson }).campaign;
    expect(created.messages).toEqual([]);
    expect(created.variants?.map((v) => [v.label, v.weight, v.messages])).toEqual([
      ["A", 30, text("春のセールのお知らせです")],
      ["B", 70, text("{{name|お客様}}さん、春のセールが始まりました")],
    ]);

    const done = await eventually(
      async () => {
        const campaign = await campaignOf(channel.id, created.id);
        return campaign.status === "done" ? campaign : undefined;
      },
      20_000,
      "campaign done",
    );
    expect(done).toMatchObject({ recipients: FRIENDS, accepted: FRIENDS });

    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received).toHaveLength(FRIENDS);
    const textOf = new Map(received.map((m) => [m.userId, m.message.text]));
    const inA = userIds.filter((u) => textOf.get(u) === "春のセールのお知らせです");
    const inB = userIds.filter((u, i) => {
      const name = i % 2 === 0 ? `会員${i}` : "お客様";
      return textOf.get(u) === `${name}さん、春のセールが始まりました`;
    });
    expect(inA.length + inB.length, "every friend got exactly one variant's text").toBe(FRIENDS);
    // 30% of 101 is 30.3.
    expect(Math.abs(inA.length - FRIENDS * 0.3)).toBeLessThan(1);
    expect(Math.abs(inB.length - FRIENDS * 0.7)).toBeLessThan(1);
    // Drawn at random, not by the order friends came in.
    expect(inA).not.toEqual(userIds.slice(0, inA.length));
    expect(inA).not.toEqual(userIds.slice(-inA.length));
    // B's friends without a name share one payload: one multicast for them.
    const unnamedB = received.filter(
      (m) => m.message.text === "お客様さん、春のセールが始まりました",
    );
    expect(new Set(unnamedB.map((m) => m.requestId)).size).toBe(1);
    expect(unnamedB.every((m) => m.via === "multicast")).toBe(true);

    expect(
      done.variants?.map((v) => [v.label, v.recipients, v.accepted, v.failed, v.skipped]),
    ).toEqual([
      ["A", inA.length, inA.length, 0, 0],
      ["B", inB.length, inB.length, 0, 0],
    ]);

    // Clicks on each variant's link; the A/B result is the test of the counts shown.
    const userToFriend = new Map(userIds.map((u, i) => [u, friendIds[i]!]));
    await insertTrackedLinks(db, channel.id, created.id, [
      { code: `a${created.id.slice(0, 8)}`, url: "https://example.com/a", variant: 0 },
      { code: `b${created.id.slice(0, 8)}`, url: "https://example.com/b", variant: 1 },
    ]);
    const linkA = (await findTrackedLink(db, `a${created.id.slice(0, 8)}`))!;
    const linkB = (await findTrackedLink(db, `b${created.id.slice(0, 8)}`))!;
    for (const user of inA.slice(0, 15)) await recordLinkClick(db, linkA, userToFriend.get(user)!);
    for (const user of inB.slice(0, 10)) await recordLinkClick(db, linkB, userToFriend.get(user)!);
    await recordLinkClick(db, linkB, null);
    const clicked = await campaignOf(channel.id, created.id);
    expect(clicked.variants?.map((v) => [v.label, v.uniqueClickers, v.clicks])).toEqual([
      ["A", 15, 15],
      ["B", 10, 11],
    ]);
    expect(clicked).toMatchObject({ clicks: 26, uniqueClickers: 25 });
    expect(clicked.abResult).toEqual(abTest(clicked.variants!));
    // 15 of ~30 against 10 of ~71: far beyond chance, A wins.
    expect(clicked.abResult).toMatchObject({ metric: "unique_click_rate", winner: 0 });
    expect(clicked.abResult!.pValue!).toBeLessThan(0.001);

    // The list shows the same.
    const list = await admin.request("GET", `/api/channels/${channel.id}/campaigns`);
    const { campaigns } = (await list.json()) as { campaigns: CampaignJson[] };
    expect(campaigns.find((c) => c.id === created.id)?.abResult).toEqual(clicked.abResult);
  });

  async function startSplit(
    channelId: string,
    variants: { messages: unknown[]; weight: number }[],
  ) {
    const { db } = stack.database;
    const campaign = await createCampaign(db, {
      channelId,
      name: null,
      messages: [],
      variants,
      audience: { type: "all_friends" },
      scheduledAt: null,
      createdBy: null,
    });
    const compiled = variants.map((v) => {
      const result = compileMessages(v.messages as Parameters<typeof compileMessages>[0]);
      if (!result.ok) throw new Error("test messages do not compile");
      return result.compiled;
    });
    expect(await acquireSenderLease(db, channelId, "test", 60_000)).toBe(true);
    const started = await startCampaign(db, {
      campaignId: campaign.id,
      compiled: compiled[0]!,
      variants: compiled,
      frequencyCap: null,
      lineQuota: null,
      monthlyLimit: null,
      timeZone: "Asia/Tokyo",
    });
    expect(started).toMatchObject({ started: true });
    return campaign;
  }

  it("resends an abandoned batch with its own variant's messages", async () => {
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 20);
    const { db } = stack.database;
    const campaign = await startSplit(channel.id, [
      { messages: text("A です"), weight: 50 },
      { messages: text("B です"), weight: 50 },
    ]);
    const claim = await claimWindow(db, {
      campaignId: campaign.id,
      windowSize: 1_000,
      variants: [undefined, undefined],
    });
    // One multicast per variant, 10 friends each; never a batch across the two.
    expect(claim.batches.map((b) => [b.kind, b.to.length, b.messages])).toEqual([
      ["multicast", 10, text("A です")],
      ["multicast", 10, text("B です")],
    ]);
    // The sender dies before sending: the next one resends each batch exactly as claimed.
    const resends = await claimResends(db, channel.id, { exclude: [], limit: 10 });
    const byId = new Map(resends.map((b) => [b.id, b]));
    for (const batch of claim.batches) {
      expect(byId.get(batch.id)).toEqual(batch);
    }
    expect(new Set(claim.batches.flatMap((b) => b.to))).toEqual(new Set(userIds));
  });

  it("fails the unclaimed rest one range per variant when the monthly limit is reached, and counts each variant's skips", async () => {
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 20);
    const { db } = stack.database;
    const campaign = await startSplit(channel.id, [
      { messages: text("A です"), weight: 50 },
      { messages: text("B です"), weight: 50 },
    ]);
    // The second in send order (variant A) blocks before it is claimed.
    const second = await db
      .selectFrom("deliveries")
      .select(["friend_id", "variant"])
      .where("campaign_id", "=", campaign.id)
      .where("seq", "=", 2)
      .executeTakeFirstOrThrow();
    expect(second.variant).toBe(0);
    await db
      .updateTable("friends")
      .set({ status: "blocked" })
      .where("id", "=", second.friend_id)
      .execute();
    const claim = await claimWindow(db, {
      campaignId: campaign.id,
      windowSize: 4,
      variants: [undefined, undefined],
    });
    expect(claim.batches.map((b) => [b.to.length, b.messages])).toEqual([[3, text("A です")]]);
    await settleBatches(
      db,
      claim.batches.map((b) => ({ batchId: b.id, status: "accepted" as const, requestId: null })),
    );
    expect(await failRemaining(db, campaign.id, "quota_exhausted", "monthly limit")).toBe(16);
    const ranges = await db
      .selectFrom("delivery_batches")
      .select(["variant", "seq_from", "seq_to", "recipients"])
      .where("campaign_id", "=", campaign.id)
      .where("kind", "=", "unsendable")
      .orderBy("seq_from")
      .execute();
    expect(ranges).toEqual([
      { variant: 0, seq_from: 5, seq_to: 10, recipients: 6 },
      { variant: 1, seq_from: 11, seq_to: 20, recipients: 10 },
    ]);
    const [results] = await campaignResults(db, [
      {
        id: campaign.id,
        variants: [
          { messages: text("A です"), weight: 50 },
          { messages: text("B です"), weight: 50 },
        ],
      },
    ]);
    expect(
      results?.variants?.map((v) => [v.label, v.recipients, v.accepted, v.failed, v.skipped]),
    ).toEqual([
      ["A", 10, 3, 6, 1],
      ["B", 10, 0, 10, 0],
    ]);
    expect(results?.abResult).toMatchObject({ pValue: null, winner: null });
  });

  it("counts recipients LINE refuses by name as their own variant's failures", async () => {
    workers.push(
      await stackWorker(stack, {
        delivery: FAST,
      }),
    );
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 20);
    const { db } = stack.database;
    // Imported from another tool's export: ids LINE refuses in a multicast.
    const malformed = ["legacy-crm:0001", "legacy-crm:0002", "legacy-crm:0003"];
    await db
      .insertInto("friends")
      .values(
        malformed.map((lineUserId) => ({
          channel_id: channel.id,
          line_user_id: lineUserId,
          display_name: "移行",
          status: "following" as const,
          followed_at: new Date(),
          status_changed_at: new Date(),
          profile_fetched_at: new Date(),
        })),
      )
      .execute();
    const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      variants: [
        { messages: text("A案"), weight: 50 },
        { messages: text("B案"), weight: 50 },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const created = ((await response.json()) as { campaign: CampaignJson }).campaign;
    const done = await eventually(
      async () => {
        const campaign = await campaignOf(channel.id, created.id);
        return campaign.status === "done" ? campaign : undefined;
      },
      20_000,
      "campaign done",
    );
    expect(done).toMatchObject({ recipients: 23, accepted: 20 });
    const drawn = await db
      .selectFrom("deliveries as d")
      .innerJoin("friends as f", "f.id", "d.friend_id")
      .select(["d.variant", "f.line_user_id"])
      .where("d.campaign_id", "=", created.id)
      .execute();
    const variantOf = new Map(drawn.map((r) => [r.line_user_id, r.variant]));
    for (const variant of done.variants ?? []) {
      const refused = malformed.filter((u) => variantOf.get(u) === variant.index).length;
      expect(variant).toMatchObject({
        failed: refused,
        accepted: variant.recipients - refused,
        skipped: 0,
      });
    }
    expect((done.variants ?? []).reduce((sum, v) => sum + v.failed, 0)).toBe(3);
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual([...userIds].sort());
  });

  it("refuses variants that are not 2–4 whole weights adding up to 100, or that LINE would refuse, saying where", async () => {
    const channel = await newChannel();
    const post = async (body: unknown) => {
      const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, body);
      expect(response.status).toBe(400);
      return (
        (await response.json()) as { error: { code: string; message: string; details: unknown } }
      ).error;
    };
    expect(
      await post({
        variants: [
          { messages: text("A"), weight: 30 },
          { messages: text("B"), weight: 60 },
        ],
      }),
    ).toMatchObject({
      code: "invalid_request",
      details: [
        { path: "/variants", message: "The variants' weights must add up to 100, not 90." },
      ],
    });
    expect(await post({ variants: [{ messages: text("A"), weight: 99 }] })).toMatchObject({
      code: "invalid_request",
      details: [{ path: "/variants" }],
    });
    expect(
      await post({
        variants: [
          { messages: text("A"), weight: 50 },
          { messages: text("B"), weight: 50.5 },
        ],
      }),
    ).toMatchObject({ code: "invalid_request", details: [{ path: "/variants/1/weight" }] });
    expect(
      await post({
        messages: text("x"),
        variants: [
          { messages: text("A"), weight: 50 },
          { messages: text("B"), weight: 50 },
        ],
      }),
    ).toMatchObject({ code: "invalid_request", details: [{ path: "/variants" }] });
    expect(
      await post({
        variants: [
          { messages: text("A"), weight: 50 },
          { messages: [{ type: "text", text: "x".repeat(5_001) }], weight: 50 },
        ],
      }),
    ).toMatchObject({
      code: "invalid_messages",
      details: {
        problems: [{ property: "variants[1].messages[0].text", variant: 1, field: "0.text" }],
      },
    });
    expect(
      await post({
        variants: [
          { messages: text("A"), weight: 50 },
          { messages: text("{{field.nothing}}"), weight: 50 },
        ],
      }),
    ).toMatchObject({ code: "unknown_custom_field", details: { keys: ["nothing"] } });
    const campaigns = await admin.request("GET", `/api/channels/${channel.id}/campaigns`);
    expect(((await campaigns.json()) as { campaigns: unknown[] }).campaigns).toEqual([]);
  });
});
