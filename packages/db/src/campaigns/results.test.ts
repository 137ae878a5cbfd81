import { compileMessages } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../connect.ts";
import { aChannel, aFriend } from "../friends/builders.ts";
import { loadMigrations, migrate } from "../migrate.ts";
import type { DB } from "../schema.ts";
import { testDatabaseKinds } from "../testing.ts";
import { createCampaign } from "./campaigns.ts";
import { claimWindow } from "./claims.ts";
import { campaignResults } from "./results.ts";
import { settleBatches, skipRemaining, splitBatches } from "./settle.ts";
import { startCampaign } from "./snapshot.ts";

const text = (t: string) => [{ type: "text" as const, text: t }];

/** Creates and starts a campaign to all friends, with an optional frequency cap of one a day. */
async function started(
  db: Kysely<DB>,
  channelId: string,
  variants: string[] | null,
  capped = false,
): Promise<string> {
  const messages = (variants ?? ["お知らせ"]).map((t) => {
    const compiled = compileMessages(text(t));
    if (!compiled.ok) throw new Error("test messages do not compile");
    return compiled.compiled;
  });
  const campaign = await createCampaign(db, {
    channelId,
    name: null,
    messages: variants ? [] : text("お知らせ"),
    variants: variants?.map((t) => ({ messages: text(t), weight: 100 / variants.length })),
    audience: { type: "all_friends" },
    scheduledAt: null,
    createdBy: null,
  });
  const start = await startCampaign(db, {
    campaignId: campaign.id,
    compiled: messages[0]!,
    variants: variants ? messages : undefined,
    frequencyCap: capped ? { count: 1, periodHours: 24 } : null,
    lineQuota: null,
    monthlyLimit: null,
    timeZone: "Asia/Tokyo",
  });
  expect(start).toMatchObject({ started: true });
  return campaign.id;
}

/** Each variant's recipients, skips and refusals counted from its recipients' rows. */
async function countedFromRows(db: Kysely<DB>, campaignId: string) {
  const { rows } = await sql<{ recipients: number; skipped: number; refused: number }>`
    SELECT count(*)::int AS recipients, count(skip_reason)::int AS skipped,
      count(refused)::int AS refused
    FROM deliveries WHERE campaign_id = ${campaignId}
    GROUP BY variant ORDER BY variant`.execute(db);
  return rows;
}

describe.each(testDatabaseKinds())("A/B campaign results on $name", (kind) => {
  let database: Database;

  beforeAll(async () => {
    database = await kind.create();
  }, 180_000);
  afterAll(() => database?.close());

  it("counts each variant's recipients, skips and refusals exactly as its recipients stand", async () => {
    const { db } = database;
    const channelId = await aChannel(db);
    // Six friends got a campaign an hour ago: with a cap of one a day, the split skips them.
    await Promise.all(Array.from({ length: 6 }, () => aFriend(db, channelId)));
    const first = await started(db, channelId, null);
    const { batches: sent } = await claimWindow(db, { campaignId: first, windowSize: 100 });
    await settleBatches(
      db,
      sent.map((b) => ({ batchId: b.id, status: "accepted" as const, requestId: null })),
    );
    await Promise.all(Array.from({ length: 34 }, () => aFriend(db, channelId)));

    const split = await started(db, channelId, ["A です", "B です"], true);
    const load = async () => {
      const campaign = await db
        .selectFrom("campaigns")
        .select(["id", "variants"])
        .where("id", "=", split)
        .executeTakeFirstOrThrow();
      const [results] = await campaignResults(db, [
        { id: campaign.id, variants: campaign.variants as never },
      ]);
      return results!.variants!.map((v) => ({
        recipients: v.recipients,
        skipped: v.skipped,
        refused: v.failed,
      }));
    };
    expect(await load()).toEqual(await countedFromRows(db, split));
    expect((await load()).map((v) => v.recipients)).toEqual([20, 20]);

    // Five friends in the first window block after the snapshot: the sender skips them.
    const blocking = await db
      .selectFrom("deliveries")
      .select("friend_id")
      .where("campaign_id", "=", split)
      .where("seq", "<=", 30)
      .where("skip_reason", "is", null)
      .orderBy("seq")
      .limit(5)
      .execute();
    await db
      .updateTable("friends")
      .set({ status: "blocked" })
      .where(
        "id",
        "in",
        blocking.map((d) => String(d.friend_id)),
      )
      .execute();
    const claim = await claimWindow(db, {
      campaignId: split,
      windowSize: 30,
      variants: [undefined, undefined],
    });
    expect(claim.skippedBlocked).toBe(5);
    // LINE refuses two recipients of the first multicast by name.
    const [batch] = claim.batches;
    await splitBatches(db, [
      {
        batchId: batch!.id,
        retryKey: batch!.retryKey,
        refused: batch!.to.slice(0, 2).map((lineUserId) => ({
          lineUserId,
          detail: "Must be a valid user ID",
        })),
        detail: "The request body has 2 error(s)",
      },
    ]);
    // Quiet hours in skip mode: the rest, not yet claimed, are skipped.
    expect(await skipRemaining(db, split, "quiet_hours")).toBeGreaterThan(0);

    const rows = await countedFromRows(db, split);
    expect(await load()).toEqual(rows);
    const reasons = await db
      .selectFrom("deliveries")
      .select(["skip_reason", sql<number>`count(*)::int`.as("n")])
      .where("campaign_id", "=", split)
      .where("skip_reason", "is not", null)
      .groupBy("skip_reason")
      .orderBy("skip_reason")
      .execute();
    // Every way a recipient is skipped or refused happened, and each is counted.
    expect(reasons.map((r) => r.skip_reason)).toEqual(["blocked", "capped", "quiet_hours"]);
    expect(rows.reduce((sum, v) => sum + v.refused, 0)).toBe(2);
  });
});

describe("A/B campaign results from before 0017", () => {
  it("counts a split sent before counts were kept per variant from its recipients' rows", async () => {
    const database = await openDatabase({});
    try {
      const { db } = database;
      const all = loadMigrations();
      await migrate(
        database,
        all.filter((m) => m.name < "0017"),
      );
      const channelId = await aChannel(db);
      const { rows } = await sql<{ id: string; variants: unknown }>`
        INSERT INTO campaigns (channel_id, messages, variants, status)
        VALUES (${channelId}, '[]', ${JSON.stringify([
          { messages: text("A"), weight: 50 },
          { messages: text("B"), weight: 50 },
        ])}, 'done')
        RETURNING id, variants`.execute(db);
      const campaign = rows[0]!;
      // Variant A: 3 recipients, one capped; B: 2, one refused by LINE by name.
      await sql`
        INSERT INTO deliveries (campaign_id, seq, friend_id, skip_reason, variant, refused)
        VALUES (${campaign.id}, 1, 1, NULL, 0, NULL), (${campaign.id}, 2, 2, 'capped', 0, NULL),
          (${campaign.id}, 3, 3, NULL, 0, NULL), (${campaign.id}, 4, 4, NULL, 1, 'Must be a valid user ID'),
          (${campaign.id}, 5, 5, NULL, 1, NULL)`.execute(db);

      expect(await migrate(database, all)).toContain("0017_campaign_variant_counts.sql");
      const [results] = await campaignResults(db, [
        { id: campaign.id, variants: campaign.variants as never },
      ]);
      expect(results!.variants!.map((v) => [v.label, v.recipients, v.skipped, v.failed])).toEqual([
        ["A", 3, 1, 0],
        ["B", 2, 0, 1],
      ]);
    } finally {
      await database.close();
    }
  });
});
