import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../connect.ts";
import { testDatabaseKinds } from "../testing.ts";
import {
  aChannel,
  aField,
  aFriend,
  aMember,
  aRoute,
  aTag,
  setValue,
  tagFriend,
} from "./builders.ts";
import type { CustomField } from "./custom-fields.ts";
import { type CsvFormat, friendsCsv } from "./export.ts";
import { everyFriend } from "./friends.ts";

const format: CsvFormat = {
  headers: {
    lineUserId: "LINE user ID",
    displayName: "Name",
    status: "Status",
    followedAt: "Followed",
    blockedAt: "Blocked",
    tags: "Tags",
    memberExternalId: "Member",
    route: "Route",
  },
  status: { following: "友だち", blocked: "ブロック" },
  time: (at) => at.toISOString(),
};

describe.each(testDatabaseKinds())("CSV export on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let fields: CustomField[];

  beforeAll(async () => {
    database = await kind.create();
    const { db } = database;
    channelId = await aChannel(db);
    fields = [
      await aField(db, channelId, { type: "text", label: "メモ" }),
      await aField(db, channelId, { type: "multi_choice", label: "興味", choices: ["服", "靴"] }),
      await aField(db, channelId, { type: "number", label: "ポイント" }),
    ];
    const vip = await aTag(db, channelId, "VIP");
    const sale = await aTag(db, channelId, "セール");
    const route = await aRoute(db, channelId, "店頭POP");
    const first = await aFriend(db, channelId, {
      lineUserId: "U1",
      displayName: '山田 "太郎", 本人',
      followedAt: new Date("2024-04-01T00:00:00Z"),
      memberId: await aMember(db, "M-001"),
      inflowRouteId: route,
    });
    await tagFriend(db, first, [vip, sale]);
    await setValue(db, channelId, first, fields[0]!, '=HYPERLINK("http://evil")');
    await setValue(db, channelId, first, fields[1]!, ["靴", "服"]);
    await setValue(db, channelId, first, fields[2]!, "123456789012345.123456");
    await aFriend(db, channelId, {
      lineUserId: "U2",
      displayName: null,
      status: "blocked",
      followedAt: new Date("2024-03-01T00:00:00Z"),
    });
  });
  afterAll(() => database?.close());

  async function exportAll(batchSize?: number) {
    let csv = "";
    for await (const chunk of friendsCsv(database.db, {
      filter: everyFriend(channelId),
      fields,
      format,
      ...(batchSize ? { batchSize } : {}),
    }))
      csv += chunk;
    return csv;
  }

  it("writes a BOM, a header with each custom field, and one CRLF line per friend, newest first", async () => {
    const csv = await exportAll();
    expect(
      csv.startsWith(
        "\uFEFFLINE user ID,Name,Status,Followed,Blocked,Tags,メモ,興味,ポイント,Member,Route\r\n",
      ),
    ).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines).toEqual([
      "LINE user ID,Name,Status,Followed,Blocked,Tags,メモ,興味,ポイント,Member,Route",
      // Quotes doubled; a formula-like value made plain text for Excel; exact numbers.
      'U1,"山田 ""太郎"", 本人",友だち,2024-04-01T00:00:00.000Z,,"VIP, セール","\'=HYPERLINK(""http://evil"")","服, 靴",123456789012345.123456,M-001,店頭POP',
      "U2,,ブロック,2024-03-01T00:00:00.000Z,2024-03-01T00:00:00.000Z,,,,,,",
      "",
    ]);
  });

  it("reads friends a batch at a time as the reader asks, not all at once", async () => {
    const many = await aChannel(database.db);
    for (let i = 0; i < 7; i++)
      await aFriend(database.db, many, { followedAt: new Date(Date.UTC(2024, 5, 10 - i)) });
    const batches: number[] = [];
    const csv = friendsCsv(database.db, {
      filter: everyFriend(many),
      fields: [],
      format,
      batchSize: 3,
      onBatch: (n) => batches.push(n),
    });
    await csv.next(); // the header
    await csv.next(); // the first batch
    expect(batches).toEqual([3]);
    // A friend who sorts last and arrives after the first batch was written still gets in:
    // the rest had not been read yet.
    await aFriend(database.db, many, {
      lineUserId: "ULATE",
      followedAt: new Date(Date.UTC(2020, 0, 1)),
    });
    let rest = "";
    for await (const chunk of csv) rest += chunk;
    expect(batches).toEqual([3, 3, 2]);
    expect(rest.trimEnd().split("\r\n").at(-1)).toMatch(/^ULATE,/);
  });
});
