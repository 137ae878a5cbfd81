import { aggregationUnitOf, type OpenFigures } from "@kizuna/core";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { lineClients, readCampaignOpens, type Worker } from "@kizuna/worker";
import { messagingApi } from "@line/bot-sdk";
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

// LINE assigns at most 1,000 aggregation unit names a month per channel and silently drops the
// unit of a request naming a new one past that (docs/decisions/014-campaign-opens.md). Here the
// limit is 2, in the emulator and in Kizuna alike: the third campaign still reaches its friends,
// its opens say LINE will not count them, and the opens job never asks LINE for its unit.

type Opens = Omit<OpenFigures, "readAt"> & { readAt: string | null };

interface CampaignJson {
  id: string;
  status: string;
  accepted: number;
  opens: Opens | null;
}

interface UnitsSummary {
  used: number;
  limit: number;
  status: "ok" | "near" | "reached";
}

const LIMIT = 2;
const FAST = {
  leaseMs: 1_500,
  pollMs: 100,
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
  aggregationUnitLimit: LIMIT,
};
const INFO = "GET /v2/bot/message/aggregation/info";
/** aggregation/info per channel an hour in this test, so one channel can use it up. */
const INFO_RATE = 20;

describe.each(testDatabaseKinds())("campaign opens past the month's units on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;
  let worker: Worker | undefined;

  beforeAll(async () => {
    stack = await startStack(kind, {
      worker: false,
      aggregationUnitLimit: LIMIT,
      emulator: {
        rateLimits: { overrides: { [INFO]: { limit: INFO_RATE, windowMs: 60 * 60 * 1000 } } },
      },
    });
    admin = await signUpOwner(stack.url);
    worker = await stackWorker(stack, {
      delivery: FAST,
      opens: false,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
  });

  async function newChannel() {
    const channel = await addChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
    await control(
      stack.emulatorUrl,
      "PATCH",
      `/_emulator/channels/${channel.lineChannelId}/aggregation-units`,
      { limit: LIMIT },
    );
    await seedFriends(stack.database, stack.emulatorUrl, channel, 3);
    return channel;
  }

  async function campaignOf(channelId: string, campaignId: string): Promise<CampaignJson> {
    const response = await admin.request(
      "GET",
      `/api/channels/${channelId}/campaigns/${campaignId}`,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { campaign: CampaignJson }).campaign;
  }

  async function send(channelId: string, message: string): Promise<CampaignJson> {
    const response = await admin.request("POST", `/api/channels/${channelId}/campaigns`, {
      name: message,
      messages: [{ type: "text", text: message }],
    });
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

  async function unitsBeforeSending(channelId: string): Promise<UnitsSummary | null> {
    const response = await admin.request("POST", `/api/channels/${channelId}/campaigns/estimate`, {
      audience: { type: "all_friends" },
    });
    expect(response.status).toBe(200);
    const { summary } = (await response.json()) as {
      summary: { aggregationUnits: UnitsSummary | null };
    };
    return summary.aggregationUnits;
  }

  async function storedUnits(campaignId: string) {
    const { rows } = await sql<{ uncounted_reason: string | null; attempted_at: Date | null }>`
      SELECT uncounted_reason, attempted_at FROM campaign_opens
      WHERE campaign_id = ${campaignId}`.execute(stack.database.db);
    return rows;
  }

  it("says the third campaign's opens are not counted, and never asks LINE for its unit", async () => {
    const channel = await newChannel();
    expect(await unitsBeforeSending(channel.id)).toEqual({ used: 0, limit: 2, status: "ok" });

    const first = await send(channel.id, "一通目");
    const second = await send(channel.id, "二通目");
    // The pre-send summary warns: the month's units are used up.
    expect(await unitsBeforeSending(channel.id)).toEqual({ used: 2, limit: 2, status: "reached" });

    const third = await send(channel.id, "三通目");
    // The message went to all three friends all the same.
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.filter((m) => m.message.text === "三通目")).toHaveLength(3);
    expect(third.accepted).toBe(3);
    expect(third.opens).toMatchObject({
      readAt: null,
      uniqueImpressions: null,
      uncountedReason: "unit_limit",
      uncounted: 1,
    });
    expect(first.opens).toMatchObject({ readAt: null, uncountedReason: null, uncounted: 0 });

    // Kizuna's guess is LINE's: the emulator assigned the first two units, not the third.
    const token = await channelToken(channel.id);
    const line = new messagingApi.MessagingApiClient({
      channelAccessToken: token,
      baseURL: stack.emulatorUrl,
    });
    expect((await line.getAggregationUnitNameList()).customAggregationUnits).toEqual([
      aggregationUnitOf(first.id, null),
      aggregationUnitOf(second.id, null),
    ]);

    // The opens job reads the two counted units, one request each, and leaves the third alone.
    const summary = await readCampaignOpens(
      {
        db: stack.database.db,
        clients: lineClients(stack.database.db, stack.secretBox),
        log: stack.log,
      },
      { budgetPerChannel: 5, spacingMinutes: 0 },
    );
    expect(summary).toEqual({ read: 2, failed: 0, failedChannels: 0 });
    expect(await storedUnits(third.id)).toEqual([
      { uncounted_reason: "unit_limit", attempted_at: null },
    ]);
    expect((await campaignOf(channel.id, first.id)).opens?.readAt).not.toBeNull();
    expect((await campaignOf(channel.id, third.id)).opens).toMatchObject({
      uncountedReason: "unit_limit",
    });
  });

  it("starts a campaign LINE cannot tell the units of, and records no reason", async () => {
    const channel = await newChannel();
    await send(channel.id, "一通目");
    await send(channel.id, "二通目");
    // aggregation/info used up for the hour: LINE answers 429 at the next start.
    const line = new messagingApi.MessagingApiClient({
      channelAccessToken: await channelToken(channel.id),
      baseURL: stack.emulatorUrl,
    });
    for (;;) {
      const refused = await line.getAggregationUnitUsage().then(
        () => false,
        () => true,
      );
      if (refused) break;
    }
    expect(await unitsBeforeSending(channel.id)).toBeNull();
    const third = await send(channel.id, "三通目");
    expect(third.accepted).toBe(3);
    expect(third.opens).toMatchObject({ uncountedReason: null, uncounted: 0 });
    expect(await storedUnits(third.id)).toEqual([{ uncounted_reason: null, attempted_at: null }]);
  });

  async function channelToken(channelId: string): Promise<string> {
    const row = await stack.database.db
      .selectFrom("channels")
      .select("access_token_enc")
      .where("id", "=", channelId)
      .executeTakeFirstOrThrow();
    return stack.secretBox.open(row.access_token_enc);
  }
});
