import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ALL_FRIENDS, compileMessages, nextStep } from "@kizuna/core";
import {
  acquireSenderLease,
  type ClaimedBatch,
  claimWindow,
  createCampaign,
  findCampaign,
  splitBatches,
  startCampaign,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import {
  deliveryOptions,
  lineClients,
  runChannelSender,
  type startWorker,
  type Worker,
} from "@kizuna/worker";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addChannel, receivedByChannel, seedFriends } from "./delivery-seed.ts";
import {
  control,
  eventually,
  type Stack,
  signUpOwner,
  stackWorker,
  startStack,
} from "./harness.ts";

interface CampaignJson {
  id: string;
  status: string;
  recipients: number;
  accepted: number;
  failed: number;
  skipped: { blocked: number; capped: number; quietHours: number };
  heldUntil: string | null;
  error: { code: string; detail: Record<string, unknown> | null } | null;
}

// Fast takeover and backoff for tests; LINE's real rates.
const FAST = {
  leaseMs: 1_500,
  pollMs: 100,
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
};

describe.each(testDatabaseKinds())("campaign delivery on $name", (kind) => {
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

  async function startWorkers(
    count: number,
    delivery: Parameters<typeof startWorker>[0]["delivery"] = FAST,
  ) {
    for (let i = 0; i < count; i++) {
      workers.push(
        await stackWorker(stack, {
          delivery,
        }),
      );
    }
  }

  function newChannel(apiBaseUrl?: string) {
    return addChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
      apiBaseUrl,
    );
  }

  async function send(channelId: string, body: unknown): Promise<CampaignJson> {
    const response = await admin.request("POST", `/api/channels/${channelId}/campaigns`, body);
    expect(response.status, await response.clone().text()).toBe(202);
    return ((await response.json()) as { campaign: CampaignJson }).campaign;
  }

  async function settled(channelId: string, campaignId: string, ms = 20_000) {
    return eventually(
      async () => {
        const response = await admin.request(
          "GET",
          `/api/channels/${channelId}/campaigns/${campaignId}`,
        );
        const body = (await response.json()) as {
          campaign: CampaignJson;
          outcomes: {
            failures: { reason: string; recipients: number }[];
            requests: { multicast: number; push: number };
          };
        };
        return ["done", "failed"].includes(body.campaign.status) ? body : undefined;
      },
      ms,
      "campaign settled",
    );
  }

  async function putSettings(channelId: string, settings: Record<string, unknown>) {
    const response = await admin.request("PUT", `/api/channels/${channelId}/delivery-settings`, {
      plan: "standard",
      customPlan: null,
      monthlyLimit: null,
      frequencyCap: null,
      quietHours: null,
      timeZone: "Asia/Tokyo",
      ...settings,
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  it("personalises each friend's text and sends identical texts together by multicast", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    const names = [null, null, null, "花子", "花子", "太郎"];
    const { userIds, friendIds } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      channel,
      names.length,
      names,
    );
    const { db } = stack.database;
    const field = await db
      .insertInto("custom_fields")
      .values({ channel_id: channel.id, key: "shop", label: "店舗", type: "text" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("friend_field_values")
      .values(
        friendIds
          .slice(3, 5)
          .map((friendId) => ({ friend_id: friendId, field_id: field.id, value_text: "渋谷" })),
      )
      .execute();

    const campaign = await send(channel.id, {
      name: "来店のお誘い",
      messages: [
        { type: "text", text: "{{name|お客様}}さん、{{field.shop|本店}}でお待ちしています" },
      ],
    });
    const { campaign: done, outcomes } = await settled(channel.id, campaign.id);
    expect(done).toMatchObject({ status: "done", recipients: 6, accepted: 6, failed: 0 });
    expect(outcomes.requests).toEqual({ multicast: 2, push: 1 });

    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    const got = Object.fromEntries(received.map((r) => [r.userId, [r.via, r.message.text]]));
    const expected = [
      ["multicast", "お客様さん、本店でお待ちしています"],
      ["multicast", "お客様さん、本店でお待ちしています"],
      ["multicast", "お客様さん、本店でお待ちしています"],
      ["multicast", "花子さん、渋谷でお待ちしています"],
      ["multicast", "花子さん、渋谷でお待ちしています"],
      ["push", "太郎さん、本店でお待ちしています"],
    ];
    expect(userIds.map((u) => got[u])).toEqual(expected);
    expect(received).toHaveLength(6);

    // Each friend's timeline says they received it: segments select on that.
    const receipts = await eventually(async () => {
      const rows = await db
        .selectFrom("friend_timeline")
        .select("friend_id")
        .where("kind", "=", "message_sent")
        .where(sql<boolean>`detail ->> 'campaignId' = ${campaign.id}`)
        .execute();
      return rows.length === 6 ? rows : undefined;
    });
    expect(receipts.map((r) => String(r.friend_id)).sort()).toEqual([...friendIds].sort());
  });

  it("reads the linked member's name and points", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    const { userIds, friendIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 3);
    const { db } = stack.database;
    const member = await db
      .insertInto("members")
      .values({
        external_id: `M-${channel.id}`,
        name: "佐藤 花子",
        points: 12_345,
        attributes: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("friends")
      .set({ member_id: member.id })
      .where("id", "=", friendIds[0]!)
      .execute();
    const campaign = await send(channel.id, {
      messages: [
        { type: "text", text: "{{member.name|ゲスト}}様 残り{{member.points|0}}ポイント" },
      ],
    });
    await settled(channel.id, campaign.id);
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    const textOf = (userId: string) => received.find((r) => r.userId === userId)?.message.text;
    expect(textOf(userIds[0]!)).toBe("佐藤 花子様 残り12,345ポイント");
    expect(textOf(userIds[1]!)).toBe("ゲスト様 残り0ポイント");
    expect(textOf(userIds[2]!)).toBe("ゲスト様 残り0ポイント");
  });

  it("refuses a template with a broken placeholder or a custom field the channel lacks", async () => {
    const channel = await newChannel();
    const broken = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      messages: [{ type: "text", text: "{{name" }],
    });
    expect(broken.status).toBe(400);
    const unknown = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      messages: [{ type: "text", text: "{{field.nothing}}" }],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { code: "unknown_custom_field", details: { keys: ["nothing"] } },
    });
  });

  it("starts a scheduled campaign at its time, once, though its worker stopped meanwhile", async () => {
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 40);
    await startWorkers(1);
    const at = new Date(Date.now() + 1_500);
    const campaign = await send(channel.id, {
      messages: [{ type: "text", text: "予約配信です" }],
      scheduledAt: at.toISOString(),
    });
    expect(campaign.status).toBe("scheduled");
    // The worker that saw it scheduled goes away; two others come up after its time.
    await workers.pop()!.stop();
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - Date.now() + 200));
    await startWorkers(2);
    const { campaign: done } = await settled(channel.id, campaign.id);
    expect(done).toMatchObject({ status: "done", accepted: 40 });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual([...userIds].sort());
  });

  it("resends with the same retry key after 5xx, 429 and lost answers; LINE's 409 counts as accepted", async () => {
    const faults = await startFaultyProxy(stack.emulatorUrl, [
      "fail-500",
      "forward-then-fail-500",
      "fail-429",
      "forward-then-drop",
    ]);
    try {
      await startWorkers(1);
      const channel = await newChannel(faults.url);
      const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 1_200);
      const campaign = await send(channel.id, { messages: [{ type: "text", text: "再送テスト" }] });
      const { campaign: done } = await settled(channel.id, campaign.id, 30_000);
      expect(done).toMatchObject({ status: "done", accepted: 1_200, failed: 0 });
      const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
      expect(received).toHaveLength(1_200);
      expect(new Set(received.map((r) => r.userId))).toEqual(new Set(userIds));
      expect(faults.sent.filter((s) => s === 409).length).toBeGreaterThanOrEqual(2);
      const retried = await stack.database.db
        .selectFrom("delivery_batches")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("campaign_id", "=", campaign.id)
        .where("attempts", ">", 0)
        .executeTakeFirstOrThrow();
      expect(retried.n).toBeGreaterThanOrEqual(3);
    } finally {
      await faults.close();
    }
  });

  it("fails only the push to a recipient LINE refuses", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 3, [
      "一郎",
      "二郎",
      "三郎",
    ]);
    // A friend whose user id this channel does not know: LINE answers 400 to a push.
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
    const campaign = await send(channel.id, {
      messages: [{ type: "text", text: "{{name}}さんへ" }],
    });
    const { campaign: done, outcomes } = await settled(channel.id, campaign.id);
    expect(done).toMatchObject({ status: "done", recipients: 4, accepted: 3, failed: 1 });
    expect(outcomes.failures).toEqual([
      expect.objectContaining({ reason: "line_rejected", recipients: 1 }),
    ]);
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual([...userIds].sort());
  });

  /** Friends imported from another tool's export with user ids LINE does not accept. */
  /** A campaign of one text to all friends, created and started (snapshotted) at once. */
  async function startedCampaign(channelId: string, text: string) {
    const { db } = stack.database;
    const messages = [{ type: "text", text }];
    const created = await createCampaign(db, {
      channelId,
      name: null,
      messages,
      audience: ALL_FRIENDS,
      scheduledAt: null,
      createdBy: null,
    });
    const compiled = compileMessages(messages);
    if (!compiled.ok) throw new Error("template");
    await startCampaign(db, {
      campaignId: created.id,
      compiled: compiled.compiled,
      frequencyCap: null,
      lineQuota: null,
      monthlyLimit: null,
      timeZone: "Asia/Tokyo",
    });
    return created;
  }

  async function importMalformedFriends(channelId: string, lineUserIds: string[]) {
    const rows = await stack.database.db
      .insertInto("friends")
      .values(
        lineUserIds.map((lineUserId, i) => ({
          channel_id: channelId,
          line_user_id: lineUserId,
          display_name: `移行 ${i + 1}`,
          status: "following" as const,
          followed_at: new Date(),
          status_changed_at: new Date(),
          profile_fetched_at: new Date(),
        })),
      )
      .returning("id")
      .execute();
    return rows.map((r) => String(r.id));
  }

  /** Each recipient's outcome, as reports and support read it. */
  async function recipientOutcomes(campaignId: string) {
    const rows = await stack.database.db
      .selectFrom("campaign_recipients")
      .select(["friend_id", "status", "reason"])
      .where("campaign_id", "=", campaignId)
      .execute();
    return new Map(rows.map((r) => [String(r.friend_id), { status: r.status, reason: r.reason }]));
  }

  async function receiptsOf(campaignId: string) {
    const rows = await stack.database.db
      .selectFrom("friend_timeline")
      .select("friend_id")
      .where("kind", "=", "message_sent")
      .where(sql<boolean>`detail ->> 'campaignId' = ${campaignId}`)
      .execute();
    return rows.map((r) => String(r.friend_id)).sort();
  }

  const MALFORMED = [`U${"A".repeat(32)}`, "legacy-crm:0042"];

  it("fails only the recipients LINE refuses by name in a multicast; the others receive it once", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    const { userIds, friendIds } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      channel,
      10,
    );
    const malformed = await importMalformedFriends(channel.id, MALFORMED);
    const campaign = await send(channel.id, {
      messages: [{ type: "text", text: "移行後はじめてのお知らせ" }],
    });
    const { campaign: done, outcomes } = await settled(channel.id, campaign.id);
    expect(done).toMatchObject({ status: "done", recipients: 12, accepted: 10, failed: 2 });
    expect(outcomes.failures).toEqual([
      {
        reason: "line_rejected",
        recipients: 2,
        example: expect.stringContaining("Must be a valid user ID"),
      },
    ]);
    // All twelve were in one multicast; the ten went again, in one.
    expect(outcomes.requests).toEqual({ multicast: 1, push: 0 });

    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual([...userIds].sort());

    const outcome = await recipientOutcomes(campaign.id);
    for (const id of malformed) {
      expect(outcome.get(id)).toEqual({ status: "failed", reason: "line_rejected" });
    }
    for (const id of friendIds) expect(outcome.get(id)).toMatchObject({ status: "accepted" });
    // Only those who received it have it in their timeline.
    expect(
      await eventually(async () => {
        const receipts = await receiptsOf(campaign.id);
        return receipts.length > 0 ? receipts : undefined;
      }),
    ).toEqual([...friendIds].sort());
  });

  it("splits a refused multicast once, however many senders met LINE's 400, and resends the rest once", async () => {
    const channel = await newChannel();
    const { userIds, friendIds } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      channel,
      10,
    );
    await importMalformedFriends(channel.id, MALFORMED);
    const { db } = stack.database;
    const created = await startedCampaign(channel.id, "分割して再送");
    // A sender claims the batch and sends it: LINE refuses it, naming the two.
    const { batches } = await claimWindow(db, { campaignId: created.id, windowSize: 100 });
    expect(batches).toHaveLength(1);
    const [batch] = batches as [ClaimedBatch];
    const line = await lineClients(db, stack.secretBox)(channel.id);
    const answer = await line.multicast(batch.to, batch.messages as never, batch.retryKey);
    // Killed before recording it, its successor resends the same request: the same answer.
    const again = await line.multicast(batch.to, batch.messages as never, batch.retryKey);
    expect(again).toEqual(answer);
    if (answer.ok) throw new Error("LINE took a multicast to malformed user ids");
    const step = nextStep(answer, { attempt: 1, recipients: batch.to.length });
    if (step.action !== "split") throw new Error(`expected a split, got ${step.action}`);
    expect(step.refused.map((r) => batch.to[r.index]).sort()).toEqual([...MALFORMED].sort());
    const split = {
      batchId: batch.id,
      retryKey: batch.retryKey,
      refused: step.refused.map((r) => ({ lineUserId: batch.to[r.index]!, detail: r.detail })),
      detail: step.detail,
    };
    // Both record the split; the second finds the batch under its new key and changes nothing.
    await splitBatches(db, [split]);
    await splitBatches(db, [split]);
    const rekeyed = await db
      .selectFrom("delivery_batches")
      .select(["retry_key", "recipients", "status"])
      .where("id", "=", batch.id)
      .executeTakeFirstOrThrow();
    expect(rekeyed).toMatchObject({ recipients: 10, status: "sending" });
    expect(rekeyed.retry_key).not.toBe(batch.retryKey);
    expect(await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).toEqual([]);

    // The next holder of the channel resends what is left.
    expect(await acquireSenderLease(db, channel.id, "test-sender", 5_000)).toBe(true);
    await runChannelSender(
      {
        db,
        clients: lineClients(db, stack.secretBox),
        log: stack.log,
        holder: "test-sender",
        options: deliveryOptions(FAST),
        stopping: () => false,
      },
      channel.id,
    );
    expect(await findCampaign(db, channel.id, created.id)).toMatchObject({
      status: "done",
      recipients: 12,
      accepted: 10,
      failed: 2,
    });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual([...userIds].sort());
    expect(await receiptsOf(created.id)).toEqual([...friendIds].sort());
  });

  it("skips friends who blocked after the snapshot", async () => {
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 10);
    const { db } = stack.database;
    const created = await startedCampaign(channel.id, "スナップショット後のブロック");
    const blockers = userIds.slice(0, 3);
    for (const userId of blockers) {
      await control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/unfollow`);
    }
    await db
      .updateTable("friends")
      .set({ status: "blocked", blocked_at: new Date() })
      .where("line_user_id", "in", blockers)
      .execute();
    expect(await acquireSenderLease(db, channel.id, "test-sender", 5_000)).toBe(true);
    await runChannelSender(
      {
        db,
        clients: lineClients(db, stack.secretBox),
        log: stack.log,
        holder: "test-sender",
        options: deliveryOptions(FAST),
        stopping: () => false,
      },
      channel.id,
    );
    expect(await findCampaign(db, channel.id, created.id)).toMatchObject({
      status: "done",
      recipients: 10,
      accepted: 7,
      skipped: { blocked: 3, capped: 0, quietHours: 0 },
    });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((r) => r.userId).sort()).toEqual(userIds.slice(3).sort());
  });

  it("shows recipients, messages against the quota and the cost, and refuses a send that would not fit", async () => {
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 10);
    await control(
      stack.emulatorUrl,
      "PATCH",
      `/_emulator/channels/${channel.lineChannelId}/quota`,
      {
        plan: "communication",
        used: 195,
      },
    );
    await putSettings(channel.id, { plan: "communication" });
    const estimate = await admin.request(
      "POST",
      `/api/channels/${channel.id}/campaigns/estimate`,
      {},
    );
    expect(estimate.status).toBe(200);
    expect(await estimate.json()).toMatchObject({
      summary: {
        recipients: 10,
        messages: 10,
        quota: { line: { limit: 200, used: 195 } },
        guard: { ok: false, code: "quota_exceeded", limit: 200 },
        plan: { id: "communication", includedMessages: 200 },
        cost: { includedMessages: 5, additionalMessages: 5, withinPlan: false },
      },
    });
    const refused = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      messages: [{ type: "text", text: "入りきらない" }],
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: "quota_exceeded", details: { limit: 200, used: 195, needed: 10 } },
    });

    // The channel's own ceiling refuses too, though LINE's would allow it.
    await control(
      stack.emulatorUrl,
      "PATCH",
      `/_emulator/channels/${channel.lineChannelId}/quota`,
      {
        plan: "standard",
        used: 0,
      },
    );
    await putSettings(channel.id, { monthlyLimit: 5 });
    const capped = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
      messages: [{ type: "text", text: "上限" }],
    });
    expect(await capped.json()).toMatchObject({
      error: { code: "quota_exceeded", details: { source: "configured", limit: 5 } },
    });
  });

  it("fails a scheduled campaign at its start when it no longer fits the month", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 10);
    await putSettings(channel.id, { monthlyLimit: 100 });
    const campaign = await send(channel.id, {
      messages: [{ type: "text", text: "あとで" }],
      scheduledAt: new Date(Date.now() + 500).toISOString(),
    });
    await putSettings(channel.id, { monthlyLimit: 5 });
    const { campaign: failed } = await settled(channel.id, campaign.id);
    expect(failed).toMatchObject({
      status: "failed",
      accepted: 0,
      error: { code: "quota_exceeded", detail: { limit: 5, needed: 10 } },
    });
    expect(await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).toEqual([]);
  });

  it("caps campaign messages per friend across campaigns", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 5);
    await putSettings(channel.id, { frequencyCap: { count: 1, periodHours: 24 } });
    const first = await send(channel.id, { messages: [{ type: "text", text: "1通目" }] });
    expect((await settled(channel.id, first.id)).campaign).toMatchObject({ accepted: 5 });
    const second = await send(channel.id, { messages: [{ type: "text", text: "2通目" }] });
    expect((await settled(channel.id, second.id)).campaign).toMatchObject({
      status: "done",
      recipients: 5,
      accepted: 0,
      skipped: { blocked: 0, capped: 5, quietHours: 0 },
    });
    const texts = (await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).map(
      (r) => r.message.text,
    );
    expect(texts.filter((t) => t === "2通目")).toEqual([]);
  });

  it("holds a campaign during quiet hours, or skips its recipients when told to", async () => {
    await startWorkers(1);
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 4);
    const quietNow = quietHoursAroundNow();

    await putSettings(channel.id, { quietHours: { ...quietNow, mode: "skip" } });
    const skipped = await send(channel.id, { messages: [{ type: "text", text: "夜です" }] });
    expect((await settled(channel.id, skipped.id)).campaign).toMatchObject({
      status: "done",
      accepted: 0,
      skipped: { blocked: 0, capped: 0, quietHours: 4 },
    });

    await putSettings(channel.id, { quietHours: { ...quietNow, mode: "hold" } });
    const held = await send(channel.id, { messages: [{ type: "text", text: "朝に届く" }] });
    const waiting = await eventually(async () => {
      const response = await admin.request(
        "GET",
        `/api/channels/${channel.id}/campaigns/${held.id}`,
      );
      const { campaign } = (await response.json()) as { campaign: CampaignJson };
      return campaign.heldUntil ? campaign : undefined;
    });
    expect(waiting.status).toBe("queued");
    expect(await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).toEqual([]);
    // Quiet hours lifted: it goes out.
    await putSettings(channel.id, { quietHours: null });
    expect((await settled(channel.id, held.id)).campaign).toMatchObject({ accepted: 4 });
  });

  it("keeps one sender per channel however many workers run: no 429 from LINE", async () => {
    // LINE's push limit scaled to 40/s; each worker would send 36/s if it were alone.
    await control(stack.emulatorUrl, "PATCH", "/_emulator/rate-limits", {
      overrides: { "POST /v2/bot/message/push": { limit: 40, windowMs: 1000 } },
    });
    try {
      await startWorkers(3, { ...FAST, rates: { multicast: 200, push: 36 } });
      const channel = await newChannel();
      const names = Array.from({ length: 150 }, (_, i) => `名前${i}`);
      await seedFriends(stack.database, stack.emulatorUrl, channel, names.length, names);
      const startedAt = Date.now();
      const campaign = await send(channel.id, { messages: [{ type: "text", text: "{{name}}様" }] });
      const { campaign: done, outcomes } = await settled(channel.id, campaign.id, 30_000);
      const seconds = (Date.now() - startedAt) / 1000;
      expect(done).toMatchObject({ status: "done", accepted: 150 });
      expect(outcomes.requests.push).toBe(150);
      // Paced: 150 pushes at 36/s take about four seconds.
      expect(seconds).toBeGreaterThan(3.5);
      const retried = await stack.database.db
        .selectFrom("delivery_batches")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("campaign_id", "=", campaign.id)
        .where("attempts", ">", 0)
        .executeTakeFirstOrThrow();
      expect(retried.n).toBe(0);
    } finally {
      await control(stack.emulatorUrl, "PATCH", "/_emulator/rate-limits", { overrides: {} });
    }
  });
});

/** Quiet hours from an hour ago to an hour ahead, Japan time. */
function quietHoursAroundNow(): { start: string; end: string } {
  const clock = (offsetHours: number) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Tokyo",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(Date.now() + offsetHours * 3_600_000));
  return { start: clock(-1), end: clock(1) };
}

type Fault = "fail-500" | "fail-429" | "forward-then-fail-500" | "forward-then-drop";

/**
 * A stand-in for an unreliable network in front of the emulator: the first multicasts meet
 * the given faults — refused, or accepted by LINE with the answer lost — then all pass.
 */
async function startFaultyProxy(target: string, faults: Fault[]) {
  const queue = [...faults];
  const sent: number[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fault = request.url === "/v2/bot/message/multicast" ? queue.shift() : undefined;
    if (fault === "fail-500") {
      response.writeHead(500, { "content-type": "application/json" }).end('{"message":"oops"}');
      return;
    }
    if (fault === "fail-429") {
      response
        .writeHead(429, { "content-type": "application/json", "retry-after": "1" })
        .end('{"message":"The API rate limit has been exceeded. Try again later."}');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
      ),
    );
    const upstream = await fetch(new URL(request.url ?? "/", target), {
      method: request.method ?? "GET",
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (request.url === "/v2/bot/message/multicast") sent.push(upstream.status);
    if (fault === "forward-then-fail-500") {
      response.writeHead(500, { "content-type": "application/json" }).end('{"message":"oops"}');
      return;
    }
    if (fault === "forward-then-drop") {
      response.destroy();
      return;
    }
    response.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
