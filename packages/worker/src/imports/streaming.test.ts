import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { suggestMapping } from "@kizuna/core/members";
import { SAMPLE_CSV_HEADER, sampleMemberCsv } from "@kizuna/core/members/csv";
import {
  completeImportUpload,
  createImport,
  type Database,
  findImport,
  queueImportRun,
  storeImportFile,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMemberImport } from "./run-import.ts";

const [pglite] = testDatabaseKinds();
const encoder = new TextEncoder();

setFlagsFromString("--expose-gc");
/** A full collection, so that the baseline is live memory and not garbage. */
const gc = runInNewContext("gc") as () => void;

async function* bytesOf(pieces: Iterable<string>) {
  for (const piece of pieces) yield encoder.encode(piece);
}

/**
 * Imports a generated file of `rows` rows (1% bad) and returns the peak growth of the live
 * V8 heap while uploading and importing it: every 100 ms a full collection, then a sample
 * (garbage awaiting collection says nothing about what the import holds).
 */
async function peakHeapGrowth(database: Database, rows: number, offset: number) {
  const { db } = database;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 100);
  try {
    const id = await createImport(db, { fileName: "big.csv", encoding: "utf-8", createdBy: null });
    const stored = await storeImportFile(
      db,
      id,
      bytesOf(sampleMemberCsv(rows, { badEvery: 100, offset })),
    );
    await completeImportUpload(db, id, {
      byteSize: stored.byteSize,
      encoding: "utf-8",
      estimatedRows: stored.lines - 1,
    });
    const mapping = suggestMapping(SAMPLE_CSV_HEADER.split(","), []);
    await queueImportRun(db, id, { encoding: "utf-8", mapping, dryRun: false });
    expect(await runMemberImport(db, id)).toBe("done");
    const done = await findImport(db, id);
    expect(done).toMatchObject({ processedRows: rows, rejectedRows: rows / 100 });
    // The import lets the event loop turn between batches (else nothing was measured).
    expect(samples).toBeGreaterThan(0);
    return { growth: peak - baseline, fileBytes: stored.byteSize };
  } finally {
    clearInterval(sampler);
  }
}

describe("streaming a large import", () => {
  let database: Database;
  beforeAll(async () => {
    database = await pglite!.create();
  });
  afterAll(() => database?.close());

  it("keeps the heap bounded whatever the size of the file (200,000 rows)", async () => {
    const small = await peakHeapGrowth(database, 10_000, 0);
    const large = await peakHeapGrowth(database, 200_000, 1_000_000);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    console.info(
      `heap growth: ${mb(small.growth)} for a ${mb(small.fileBytes)} file, ` +
        `${mb(large.growth)} for a ${mb(large.fileBytes)} file`,
    );
    // Holding the file would take twice its size as a string, and far more as parsed rows.
    expect(large.growth).toBeLessThan(large.fileBytes);
    expect(large.growth).toBeLessThan(small.growth + 16 * 1024 * 1024);
  }, 300_000);
});
