import type { CsvEncoding, ImportMapping } from "@kizuna/core/members";
import { encodeShiftJis } from "@kizuna/core/members/csv";
import {
  claimImportRun,
  completeImportUpload,
  createImport,
  createMemberAttribute,
  type Database,
  findImport,
  findMember,
  listImportRejections,
  queueImportRun,
  recordImportProgress,
  storeImportFile,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMemberImport } from "./run-import.ts";

const TODAY = "2026-01-15";
const MAPPING: ImportMapping = {
  会員番号: "externalId",
  メールアドレス: "email",
  電話番号: "phone",
  氏名: "name",
  生年月日: "birthday",
  ポイント: "points",
  店舗: "attributes.store",
};

const POINTS: ImportMapping = { 会員番号: "externalId", ポイント: "points" };

const CSV = [
  "会員番号,メールアドレス,電話番号,氏名,生年月日,ポイント,店舗",
  'M001,Taro@Example.jp,090-1111-2222,山田 太郎,1990/4/1,"1,200",渋谷店',
  'M002,hanako@example.jp,+81 80-3333-4444,"佐藤\n花子",平成2年5月6日,0,梅田店',
  "M003,not-an-email,090-1234,鈴木 一郎,1990-02-30,10,渋谷店",
  ",nobody@example.jp,,,,,",
  "M004,jiro@example.jp,,高橋 次郎,,abc,新宿店",
  "M005,saburo@example.jp,03-1234-5678,田中 三郎,,5,",
].join("\r\n");

async function* pieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe.each(testDatabaseKinds())("member CSV import on $name", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await kind.create();
    await createMemberAttribute(database.db, {
      key: "store",
      label: "店舗",
      type: "choice",
      choices: ["渋谷店", "梅田店"],
    });
  });
  afterAll(() => database?.close());

  /** Stores the file in small chunks, so that rows and characters straddle chunk ends. */
  async function upload(bytes: Uint8Array, encoding: CsvEncoding = "utf-8", chunkBytes = 37) {
    const { db } = database;
    const id = await createImport(db, { fileName: "members.csv", encoding, createdBy: null });
    const stored = await storeImportFile(db, id, pieces(bytes, 10), { chunkBytes });
    await completeImportUpload(db, id, {
      byteSize: stored.byteSize,
      encoding,
      estimatedRows: stored.lines - 1,
    });
    return id;
  }

  async function run(
    id: string,
    dryRun = false,
    encoding: CsvEncoding = "utf-8",
    mapping: ImportMapping = MAPPING,
  ) {
    const { db } = database;
    expect(await queueImportRun(db, id, { encoding, mapping, dryRun })).not.toBeNull();
    expect(await runMemberImport(db, id, { today: TODAY, batchRows: 2 })).toBe("done");
    return (await findImport(db, id))!;
  }

  it("dry run: validates every row and writes nothing but the report", async () => {
    const id = await upload(new TextEncoder().encode(CSV));
    const report = await run(id, true);
    expect(report).toMatchObject({
      status: "done",
      dryRun: true,
      totalRows: 6,
      processedRows: 6,
      acceptedRows: 3,
      createdRows: 3,
      rejectedRows: 3,
    });
    expect(await findMember(database.db, "M001")).toBeNull();
    expect(await listImportRejections(database.db, id, { limit: 10 })).toHaveLength(3);
  });

  it("applies accepted rows whatever the rejected ones, and reports each rejected row", async () => {
    const id = await upload(new TextEncoder().encode(CSV));
    await run(id, true);
    const report = await run(id);
    expect(report).toMatchObject({
      status: "done",
      dryRun: false,
      processedRows: 6,
      acceptedRows: 3,
      createdRows: 3,
      updatedRows: 0,
      unchangedRows: 0,
      rejectedRows: 3,
    });
    expect(await findMember(database.db, "M001")).toMatchObject({
      email: "taro@example.jp",
      phone: "09011112222",
      birthday: "1990-04-01",
      points: 1200,
      attributes: { store: "渋谷店" },
    });
    expect(await findMember(database.db, "M002")).toMatchObject({
      // The quoted newline is read as part of the cell; names keep single spaces.
      name: "佐藤 花子",
      phone: "08033334444",
      birthday: "1990-05-06",
    });
    // An empty cell in a mapped column leaves the attribute unset.
    expect((await findMember(database.db, "M005"))!.attributes).toEqual({});

    const rejections = await listImportRejections(database.db, id, { limit: 10 });
    expect(
      rejections.map((r) => ({ row: r.rowNumber, reason: JSON.parse(r.reason), raw: r.raw })),
    ).toEqual([
      {
        row: 5,
        reason: [
          { code: "invalid_email", field: "email" },
          { code: "invalid_phone", field: "phone" },
          { code: "invalid_date", field: "birthday" },
        ],
        raw: "M003,not-an-email,090-1234,鈴木 一郎,1990-02-30,10,渋谷店",
      },
      {
        row: 6,
        reason: [{ code: "required", field: "externalId" }],
        raw: ",nobody@example.jp,,,,,",
      },
      {
        row: 7,
        reason: [
          { code: "invalid_integer", field: "points" },
          { code: "invalid_choice", field: "attributes.store" },
        ],
        raw: "M004,jiro@example.jp,,高橋 次郎,,abc,新宿店",
      },
    ]);
    // The file itself is let go once imported; a second real run is refused.
    expect(
      await queueImportRun(database.db, id, { encoding: "utf-8", mapping: MAPPING, dryRun: false }),
    ).toBeNull();
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await findMember(database.db, "M001");
    const report = await run(await upload(new TextEncoder().encode(CSV)));
    expect(report).toMatchObject({
      acceptedRows: 3,
      createdRows: 0,
      updatedRows: 0,
      unchangedRows: 3,
      rejectedRows: 3,
    });
    expect((await findMember(database.db, "M001"))!.updatedAt).toBe(before!.updatedAt);
  });

  it("reads Shift_JIS with characters split across stored chunks", async () => {
    const csv = `${CSV.replace("山田 太郎", "山田 ﾀﾛｳ").replaceAll("M00", "S00")}\r\n`;
    for (const chunkBytes of [1, 7, 64]) {
      const id = await upload(encodeShiftJis(csv), "shift_jis", chunkBytes);
      const report = await run(id, true, "shift_jis");
      expect(report).toMatchObject({ acceptedRows: 3, rejectedRows: 3 });
    }
    await run(await upload(encodeShiftJis(csv), "shift_jis", 7), false, "shift_jis");
    expect(await findMember(database.db, "S001")).toMatchObject({ name: "山田 タロウ" });
    expect(await findMember(database.db, "S002")).toMatchObject({ name: "佐藤 花子" });
  });

  it("applies duplicate external ids in file order: the last row wins", async () => {
    const csv = [
      "会員番号,ポイント",
      "D1,1",
      "D2,1",
      "D1,2", // same batch as the first D1 (batches of 2 rows): flushed first
      "D3,1",
      "D1,3",
    ].join("\n");
    const report = await run(await upload(new TextEncoder().encode(csv)), false, "utf-8", POINTS);
    expect(report).toMatchObject({ acceptedRows: 5, createdRows: 3, updatedRows: 2 });
    expect((await findMember(database.db, "D1"))!.points).toBe(3);
  });

  it("resumes a run whose worker died after its last committed batch", async () => {
    const { db } = database;
    const csv = ["会員番号,ポイント", "R1,1", "R2,1", "R3,1", "R4,1"].join("\n");
    const id = await upload(new TextEncoder().encode(csv));
    await queueImportRun(db, id, { encoding: "utf-8", mapping: POINTS, dryRun: false });
    // A worker claimed it and committed one batch of two rows, then died.
    await claimImportRun(db, id);
    await recordImportProgress(
      db,
      id,
      { processed: 2, accepted: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 },
      [],
    );
    expect(await runMemberImport(db, id, { today: TODAY })).toBe("done");
    expect(await findImport(db, id)).toMatchObject({ processedRows: 4, createdRows: 4 });
    expect(await findMember(db, "R1")).toBeNull();
    expect(await findMember(db, "R3")).not.toBeNull();
  });

  it("fails a run whose mapping does not fit the file, saying why", async () => {
    const { db } = database;
    const id = await upload(new TextEncoder().encode("id,mail\n1,a@example.jp\n"));
    await queueImportRun(db, id, { encoding: "utf-8", mapping: MAPPING, dryRun: true });
    expect(await runMemberImport(db, id)).toBe("failed");
    expect(await findImport(db, id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("unknown_header"),
    });
  });
});
