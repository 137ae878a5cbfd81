import { allOf, SEGMENT_DEFINITION_VERSION } from "@kizuna/core/segments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { aChannel, aFriend } from "../friends/builders.ts";
import { aCampaign } from "../segments/builders.ts";
import { segmentFriendIdsQuery } from "../segments/query.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  campaignClickCounts,
  findTrackedLink,
  insertTrackedLinks,
  recordLinkClick,
  type TrackedLink,
} from "./clicks.ts";

describe.each(testDatabaseKinds())("clicks of tracked links on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let campaignId: string;
  let linkA: TrackedLink;
  let linkB: TrackedLink;

  beforeAll(async () => {
    database = await kind.create();
    const { db } = database;
    channelId = await aChannel(db);
    campaignId = await aCampaign(db, channelId);
    await db
      .updateTable("campaigns")
      .set({ name: "冬のセール" })
      .where("id", "=", campaignId)
      .execute();
    await insertTrackedLinks(db, channelId, campaignId, [
      { code: "codeA", url: "https://shop.example/sale?id=1", variant: 0 },
      { code: "codeB", url: "https://shop.example/new", variant: 1 },
    ]);
    linkA = (await findTrackedLink(db, "codeA"))!;
    linkB = (await findTrackedLink(db, "codeB"))!;
    // A migrated database takes a while on a busy machine.
  }, 180_000);
  afterAll(() => database?.close());

  it("finds a link by its code, and nothing for an unknown code", async () => {
    expect(linkA).toMatchObject({
      channelId,
      campaignId,
      variant: 0,
      url: "https://shop.example/sale?id=1",
    });
    expect(await findTrackedLink(database.db, "nope")).toBeNull();
  });

  it("counts a reload within seconds once, anonymous clicks each, per variant", async () => {
    const { db } = database;
    const hanako = await aFriend(db, channelId);
    const taro = await aFriend(db, channelId);
    expect(await recordLinkClick(db, linkA, hanako)).toBe(true);
    expect(await recordLinkClick(db, linkA, hanako)).toBe(false);
    expect(await recordLinkClick(db, linkB, hanako)).toBe(true);
    expect(await recordLinkClick(db, linkB, taro)).toBe(true);
    expect(await recordLinkClick(db, linkB, null)).toBe(true);
    expect(await recordLinkClick(db, linkB, null)).toBe(true);
    expect(await campaignClickCounts(db, campaignId)).toEqual([
      { variant: 0, clicks: 1, uniqueClickers: 1 },
      { variant: 1, clicks: 4, uniqueClickers: 2 },
    ]);
  });

  it("tells a friend's click on their timeline, where 'clicked campaign X' finds it", async () => {
    const { db } = database;
    const clicker = await aFriend(db, channelId);
    await aFriend(db, channelId);
    await recordLinkClick(db, linkA, clicker);
    const timeline = await db
      .selectFrom("friend_timeline")
      .select(["kind", "actor", "detail"])
      .where("friend_id", "=", clicker)
      .execute();
    expect(timeline).toEqual([
      {
        kind: "link_clicked",
        actor: "friend",
        detail: {
          campaignId,
          campaignName: "冬のセール",
          variant: 0,
          url: "https://shop.example/sale?id=1",
        },
      },
    ]);
    const segment = await segmentFriendIdsQuery(db, channelId, {
      version: SEGMENT_DEFINITION_VERSION,
      root: allOf({ kind: "message", action: "clicked", campaignId }),
    });
    if (!segment.ok) throw new Error(JSON.stringify(segment.problems));
    const ids = (await segment.query.execute()).map((row) => row.id);
    expect(ids).toContain(clicker);
    expect(ids).toHaveLength(3);
  });
});
