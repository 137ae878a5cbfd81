import { aggregationUnitOf, type OpenFigures, type OpenRateComparison } from "@kizuna/core";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { lineClients, readCampaignOpens, type Worker } from "@kizuna/worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, receivedByChannel, seedFriends } from "./delivery-seed.ts";
import {
  control,
  eventually,
  type Stack,
  signUpOwner,
  stackWorker,
  startStack,
} from "./harness.ts";

// Opens from LINE's per-unit statistics (docs/decisions/014-campaign-opens.md), end to end:
// campaigns sent by the worker to the emulator's virtual friends, some of whom read them; the
// opens job reading each unit through the official SDK; the campaign API showing the figures.

type Opens = Omit<OpenFigures, "readAt"> & { readAt: string | null };

interface CampaignJson {
  id: string;
  status: string;
  accepted: number;
  opens: Opens | null;
  variants: { label: string; accepted: number; opens: Opens | null }[] | null;
  openAbResult: OpenRateComparison | null;
}

const FAST = {
  leaseMs: 1_500,
  pollMs: 100,
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
};
const PER_UNIT = "GET /v2/bot/insight/message/event/aggregation";
const HOUR = 60 * 60 * 1000;
/** The emulator's per-unit limit in these tests: the job's budget and one more. */
const INSIGHT_LIMIT = 6;
const BUDGET = { budgetPerChannel: 5, spacingMinutes: 9 };

const text = (t: string) => [{ type: "text", text: t }];

describe.each(testDatabaseKinds())("campaign opens on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let worker: Worker | undefined;

  beforeAll(async () => {
    stack = await startStack(kind, {
      worker: false,
      emulator: {
        rateLimits: { overrides: { [PER_UNIT]: { limit: INSIGHT_LIMIT, windowMs: HOUR } } },
      },
    });
    admin = await signUpOwner(stack.url);
    // The opens job is run by hand here, never by the worker's schedule.
    worker = await stackWorker(stack, {
      delivery: FAST,
      opens: false,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
  });

  const newChannel = () =>
    addChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
  const readOpens = () =>
    readCampaignOpens(
      {
        db: stack.database.db,
        clients: lineClients(stack.database.db, stack.secretBox),
        log: stack.log,
      },
      BUDGET,
    );

  async function campaignOf(channelId: string, campaignId: string): Promise<CampaignJson> {
    const response = await admin.request(
      "GET",
      `/api/channels/${channelId}/campaigns/${campaignId}`,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { campaign: CampaignJson }).campaign;
  }

  async function send(channelId: string, body: Record<string, unknown>): Promise<CampaignJson> {
    const response = await admin.request("POST", `/api/channels/${channelId}/campaigns`, body);
    expect(response.status, await response.clone().text()).toBe(202);
    const { id } = ((await response.json()) as { campaign: CampaignJson }).campaign;
    return eventually(
      async () => {
        const campaign = await campaignOf(channelId, id);
        return campaign.status === "done" ? campaign : undefined;
      },
      20_000,
      "campaign done",
    );
  }

  const read = (userId: string) =>
    control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/read`);

  it("reports exactly the friends who read each variant, and null for a variant under 20", async () => {
    const channel = await newChannel();
    const FRIENDS = 50;
    await seedFriends(stack.database, stack.emulatorUrl, channel, FRIENDS);
    const done = await send(channel.id, {
      name: "開封テスト",
      variants: [
        { messages: text("A: 冬のセールのお知らせ"), weight: 60 },
        { messages: text("B: 冬のセールが始まりました"), weight: 40 },
      ],
    });
    expect(done.variants?.map((v) => [v.label, v.accepted])).toEqual([
      ["A", 30],
      ["B", 20],
    ]);
    // Sent, not read yet: no figures, and no zero pretending to be one.
    expect(done.opens).toMatchObject({ readAt: null, uniqueImpressions: null });
    expect(done.variants?.map((v) => v.opens?.readAt)).toEqual([null, null]);

    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    const inA = received.filter((m) => m.message.text?.startsWith("A:")).map((m) => m.userId);
    const inB = received.filter((m) => m.message.text?.startsWith("B:")).map((m) => m.userId);
    expect([inA.length, inB.length]).toEqual([30, 20]);
    // 25 of A's friends open the chat, and 5 of B's: under LINE's 20, so not reported.
    for (const user of [...inA.slice(0, 25), ...inB.slice(0, 5)]) await read(user);

    const before = Date.now();
    expect(await readOpens()).toEqual({ read: 2, failed: 0, failedChannels: 0 });

    const result = await campaignOf(channel.id, done.id);
    const [a, b] = result.variants!;
    expect(a!.opens).toMatchObject({
      uniqueImpressions: 25,
      delivered: 30,
      unreported: 0,
    });
    expect(a!.opens!.openRate).toBeCloseTo(25 / 30, 10);
    expect(b!.opens).toMatchObject({
      uniqueImpressions: null,
      delivered: 20,
      openRate: null,
      unreported: 1,
    });
    for (const v of [a!, b!]) {
      expect(Date.parse(v.opens!.readAt!)).toBeGreaterThanOrEqual(before - 1_000);
    }
    // The campaign: what LINE reported, with the variant it did not report called out.
    expect(result.opens).toMatchObject({
      uniqueImpressions: 25,
      delivered: 50,
      openRate: null,
      unreported: 1,
    });
    // B's opens are unknown, so the open rates cannot be compared, and the result says which.
    expect(result.openAbResult).toEqual({ kind: "unreported", variants: [1] });
  });

  it("finds A's open rate significantly higher when 28 of A's 30 read it and 20 of B's 30", async () => {
    const channel = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, channel, 60);
    const done = await send(channel.id, {
      name: "開封率の比較",
      variants: [
        { messages: text("A: 本日限りのクーポン"), weight: 50 },
        { messages: text("B: クーポンのご案内"), weight: 50 },
      ],
    });
    expect(done.variants?.map((v) => v.accepted)).toEqual([30, 30]);
    // Before LINE's figures are read, nothing is compared.
    expect(done.openAbResult).toEqual({ kind: "not_read" });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    const readers = (prefix: string, count: number) =>
      received
        .filter((m) => m.message.text?.startsWith(prefix))
        .slice(0, count)
        .map((m) => m.userId);
    for (const user of [...readers("A:", 28), ...readers("B:", 20)]) await read(user);
    expect(await readOpens()).toMatchObject({ read: 2, failed: 0 });

    const result = await campaignOf(channel.id, done.id);
    expect(result.variants?.map((v) => v.opens?.uniqueImpressions)).toEqual([28, 20]);
    // 93.3% against 66.7% of 30 each: z = 2.582, p = 0.0098.
    expect(result.openAbResult).toMatchObject({
      kind: "tested",
      result: { metric: "open_rate", winner: 0 },
    });
    const tested = result.openAbResult as Extract<OpenRateComparison, { kind: "tested" }>;
    expect(tested.result.pValue).toBeCloseTo(0.009823274507519224, 8);
    expect(result.opens?.openRate).toBeCloseTo(48 / 60, 10);
  });

  it("reads a single campaign's one unit", async () => {
    const channel = await newChannel();
    const { userIds } = await seedFriends(stack.database, stack.emulatorUrl, channel, 22);
    const done = await send(channel.id, { messages: text("お知らせ") });
    for (const user of userIds.slice(0, 21)) await read(user);
    expect(await readOpens()).toMatchObject({ read: 1, failed: 0 });
    const result = await campaignOf(channel.id, done.id);
    expect(result.variants).toBeNull();
    expect(result.opens).toMatchObject({ uniqueImpressions: 21, delivered: 22, unreported: 0 });
    expect(result.opens!.openRate).toBeCloseTo(21 / 22, 10);
  });

  it("spends at most its budget of insight requests per channel, and a failing channel stops no other", async () => {
    const good = await newChannel();
    const broken = await newChannel();
    await seedFriends(stack.database, stack.emulatorUrl, good, 3);
    await seedFriends(stack.database, stack.emulatorUrl, broken, 3);
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) sent.push((await send(good.id, { messages: text(`第${i}報`) })).id);
    await send(broken.id, { messages: text("届かない報告") });
    // The broken channel's LINE cannot be reached any more.
    await sql`UPDATE channels SET api_base_url = 'http://127.0.0.1:1' WHERE id = ${broken.id}`.execute(
      stack.database.db,
    );

    expect(await readOpens()).toEqual({ read: 5, failed: 1, failedChannels: 1 });
    const { rows } = await sql<{ campaign_id: string }>`
      SELECT campaign_id FROM campaign_opens WHERE channel_id = ${good.id} AND read_at IS NOT NULL`.execute(
      stack.database.db,
    );
    expect(rows).toHaveLength(5);
    // A second run at once asks nothing: the channel was claimed for minutes ago.
    expect(await readOpens()).toEqual({ read: 0, failed: 0, failedChannels: 0 });

    // The emulator allows the job's budget and one more this hour: one read is left, so the
    // job made exactly five requests.
    const line = await lineClients(stack.database.db, stack.secretBox)(good.id);
    const unit = aggregationUnitOf(sent[0]!, null);
    const today = new Date(Date.now() + 9 * HOUR).toISOString().slice(0, 10).replaceAll("-", "");
    expect(await line.getStatisticsPerUnit(unit, today, today)).toMatchObject({ ok: true });
    expect(await line.getStatisticsPerUnit(unit, today, today)).toMatchObject({
      ok: false,
      status: 429,
    });
  });
});
