import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { aChannel } from "../friends/builders.ts";
import type { DB } from "../schema.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  addCampaignUnits,
  channelsWithOpensDue,
  claimOpenReads,
  opensByCampaign,
  recordOpens,
} from "./opens.ts";

/** A campaign that finished `finishedHoursAgo` hours ago, with its units. */
async function aSentCampaign(
  db: Kysely<DB>,
  channelId: string,
  options: { finishedHoursAgo: number; variants?: number; accepted?: number; uncounted?: number[] },
): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO campaigns (channel_id, messages, status, accepted, started_at, finished_at)
    VALUES (${channelId}, '[]', 'done', ${options.accepted ?? 30},
      now() - make_interval(hours => ${options.finishedHoursAgo + 1}),
      now() - make_interval(hours => ${options.finishedHoursAgo}))
    RETURNING id`.execute(db);
  const id = rows[0]!.id;
  await addCampaignUnits(
    db,
    { id, channelId, variants: options.variants ?? null },
    options.uncounted ?? [],
  );
  return id;
}

/** Sets a unit's last read and last request, `hoursAgo` hours back (null: never). */
async function readBefore(db: Kysely<DB>, campaignId: string, hoursAgo: number | null) {
  await sql`
    UPDATE campaign_opens
    SET read_at = now() - make_interval(hours => ${hoursAgo}::int),
      attempted_at = now() - make_interval(hours => ${hoursAgo}::int)
    WHERE campaign_id = ${campaignId}`.execute(db);
}

const claimAll = { budget: 100, spacingMinutes: 0 };

describe.each(testDatabaseKinds())("campaign opens on $name", (kind) => {
  let database: Database;

  beforeAll(async () => {
    database = await kind.create();
  }, 180_000);
  afterAll(() => database?.close());

  it("claims never-read units first, then the least recently read, up to the budget", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const readTwoHoursAgo = await aSentCampaign(db, channelId, { finishedHoursAgo: 48 });
    const neverRead = await aSentCampaign(db, channelId, { finishedHoursAgo: 24 });
    const readAnHourAgo = await aSentCampaign(db, channelId, { finishedHoursAgo: 72 });
    await readBefore(db, readTwoHoursAgo, 2);
    await readBefore(db, readAnHourAgo, 1);

    const claimed = await claimOpenReads(db, channelId, { budget: 2, spacingMinutes: 9 });
    expect(claimed.map((u) => u.campaignId)).toEqual([neverRead, readTwoHoursAgo]);
    expect(claimed[0]!.startedAt).toBeInstanceOf(Date);
    // Claimed minutes ago: the channel's next run gets nothing, however many workers ask.
    expect(await claimOpenReads(db, channelId, { budget: 2, spacingMinutes: 9 })).toEqual([]);
    // Past the spacing, a unit asked in the last 30 minutes still waits.
    expect((await claimOpenReads(db, channelId, claimAll)).map((u) => u.campaignId)).toEqual([
      readAnHourAgo,
    ]);
  });

  it("asks a unit again after a minute and claims a channel every minute at the demo's cadence", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const campaignId = await aSentCampaign(db, channelId, { finishedHoursAgo: 0 });
    const demo = { budget: 1, spacingMinutes: 1, unitEveryMinutes: 1 };
    expect(await claimOpenReads(db, channelId, demo)).toHaveLength(1);
    // Within the minute: the channel was just claimed for, and the unit just asked.
    expect(await claimOpenReads(db, channelId, demo)).toEqual([]);
    await sql`UPDATE campaign_opens SET read_at = now() - interval '61 seconds',
      attempted_at = now() - interval '61 seconds' WHERE campaign_id = ${campaignId}`.execute(db);
    expect(await channelsWithOpensDue(db, demo)).toContain(channelId);
    expect((await claimOpenReads(db, channelId, demo)).map((u) => u.campaignId)).toEqual([
      campaignId,
    ]);
    // LINE's cadence would have waited its 30 minutes.
    await sql`UPDATE campaign_opens SET attempted_at = now() - interval '61 seconds'
      WHERE campaign_id = ${campaignId}`.execute(db);
    expect(await channelsWithOpensDue(db)).not.toContain(channelId);
    expect(await claimOpenReads(db, channelId, claimAll)).toEqual([]);
  });

  it("reads for 14 days after the end, then once more, and never again", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const settled = await aSentCampaign(db, channelId, { finishedHoursAgo: 15 * 24 });
    // Last read 13 days after the end: the figures had not settled yet.
    await readBefore(db, settled, 2 * 24);
    const [final] = await claimOpenReads(db, channelId, claimAll);
    expect(final?.campaignId).toBe(settled);
    await recordOpens(db, final!, { uniqueImpressions: 40, uniqueClicks: null });
    await sql`UPDATE campaign_opens SET attempted_at = now() - interval '1 hour'
      WHERE campaign_id = ${settled}`.execute(db);
    expect(await claimOpenReads(db, channelId, claimAll)).toEqual([]);
    expect(await channelsWithOpensDue(db)).not.toContain(channelId);
  });

  it("never asks about a campaign that is sending, sent nothing, or has no unit", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const sending = await aSentCampaign(db, channelId, { finishedHoursAgo: 1 });
    await sql`UPDATE campaigns SET finished_at = NULL, status = 'sending' WHERE id = ${sending}`.execute(
      db,
    );
    await aSentCampaign(db, channelId, { finishedHoursAgo: 1, accepted: 0 });
    await sql`INSERT INTO campaigns (channel_id, messages, status, accepted, started_at, finished_at)
      VALUES (${channelId}, '[]', 'done', 10, now(), now())`.execute(db);
    expect(await claimOpenReads(db, channelId, claimAll)).toEqual([]);
  });

  it("never asks about a unit LINE does not count (the month's unit names had run out)", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const split = await aSentCampaign(db, channelId, {
      finishedHoursAgo: 1,
      variants: 2,
      uncounted: [1],
    });
    const claimed = await claimOpenReads(db, channelId, claimAll);
    expect(claimed.map((u) => [u.campaignId, u.variant])).toEqual([[split, 0]]);
    const stored = (await opensByCampaign(db, [split])).get(split)!;
    expect(stored.map((u) => [u.variant, u.uncountedReason])).toEqual([
      [0, null],
      [1, "unit_limit"],
    ]);
  });

  it("keeps LINE's nulls and the recipients accepted per variant", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    const campaignId = await aSentCampaign(db, channelId, { finishedHoursAgo: 1, variants: 2 });
    await sql`
      INSERT INTO delivery_batches (campaign_id, channel_id, kind, seq_from, seq_to, recipients,
        status, variant)
      VALUES (${campaignId}, ${channelId}, 'multicast', 1, 30, 30, 'accepted', 0),
        (${campaignId}, ${channelId}, 'multicast', 31, 48, 18, 'accepted', 1),
        (${campaignId}, ${channelId}, 'push', 49, 49, 1, 'failed', 1)`.execute(db);
    const units = await claimOpenReads(db, channelId, claimAll);
    expect(units.map((u) => u.variant)).toEqual([0, 1]);
    await recordOpens(db, units[0]!, { uniqueImpressions: 25, uniqueClicks: 21 });
    await recordOpens(db, units[1]!, { uniqueImpressions: null, uniqueClicks: null });

    const opens = (await opensByCampaign(db, [campaignId])).get(campaignId)!;
    expect(opens.map(({ readAt: _, ...unit }) => unit)).toEqual([
      { variant: 0, uniqueImpressions: 25, uniqueClicks: 21, delivered: 30, uncountedReason: null },
      {
        variant: 1,
        uniqueImpressions: null,
        uniqueClicks: null,
        delivered: 18,
        uncountedReason: null,
      },
    ]);
    expect(opens.every((unit) => unit.readAt instanceof Date)).toBe(true);
  });
});
