/**
 * Member CSV import at scale: generates a member CSV (1,000,000 rows by default, 1% of them
 * bad) into a temporary file, then imports it the way Kizuna does — upload into chunks, then
 * the worker's run: stream back, decode, parse, validate, upsert in batches of 1,000, record
 * the refused rows — on PostgreSQL (when DATABASE_URL is set) and on PGlite (on disk, as
 * `kizuna start` runs it), and a second time to show that a re-run changes nothing. Beside
 * them, in the same run: the file only read and parsed, and read, parsed and validated, with
 * no database. Each phase runs in its own process, so its peak memory is its own.
 * Prints figures; there is no pass or fail.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/import.ts
 *
 * BENCH_ROWS (default 1000000) sets the size. On PostgreSQL a throwaway database
 * kizuna_bench_<random> is created and dropped at the end.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { planImport, suggestMapping, todayInJapan, validateMemberRow } from "@kizuna/core/members";
import { readCsvRecords, SAMPLE_CSV_HEADER, sampleMemberCsv } from "@kizuna/core/members/csv";
import {
  completeImportUpload,
  createImport,
  type Database,
  findImport,
  migrate,
  openDatabase,
  queueImportRun,
  storeImportFile,
} from "@kizuna/db";
import pg from "pg";
import { runMemberImport } from "../packages/worker/src/imports/run-import.ts";

type Phase = "parse" | "validate" | "postgres" | "pglite";

interface Figures {
  phase: Phase;
  /** Seconds per step: upload, import, re-run; or read for the baselines. */
  steps: { name: string; seconds: number; rows: number }[];
  peakRssMb: number;
  peakHeapMb: number;
  counts?: Record<string, number>;
}

const MAPPING = suggestMapping(SAMPLE_CSV_HEADER.split(","), []);

/** Peak RSS and V8 heap of this process, sampled every 50 ms. */
function memoryPeaks() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: rss / 2 ** 20, peakHeapMb: heap / 2 ** 20 };
    },
  };
}

function fileBytes(file: string): AsyncIterable<Uint8Array> {
  return createReadStream(file, { highWaterMark: 1024 * 1024 });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** The baselines: the file read and parsed, then also validated, and nothing written. */
async function baseline(file: string, validate: boolean): Promise<Figures> {
  const peaks = memoryPeaks();
  const today = todayInJapan();
  const [rows, seconds] = await timed(async () => {
    let rows = 0;
    let plan = null;
    for await (const record of readCsvRecords(fileBytes(file), "utf-8")) {
      if (plan === null) {
        const planned = planImport(record.cells, MAPPING, new Map());
        if (!planned.ok) throw new Error("the sample mapping does not fit");
        plan = planned.plan;
        continue;
      }
      rows++;
      if (validate) validateMemberRow(record.cells, plan, today);
    }
    return rows;
  });
  return {
    phase: validate ? "validate" : "parse",
    steps: [{ name: validate ? "read+parse+validate" : "read+parse", seconds, rows }],
    ...peaks.stop(),
  };
}

/** Upload, import, and import the same file again, on one database. */
async function importInto(database: Database, phase: Phase, file: string): Promise<Figures> {
  const { db } = database;
  const peaks = memoryPeaks();
  const steps: Figures["steps"] = [];
  let counts: Record<string, number> = {};
  for (const name of ["import", "re-run"]) {
    const [id, uploadSeconds] = await timed(async () => {
      const id = await createImport(db, {
        fileName: "bench.csv",
        encoding: "utf-8",
        createdBy: null,
      });
      const stored = await storeImportFile(db, id, fileBytes(file));
      await completeImportUpload(db, id, {
        byteSize: stored.byteSize,
        encoding: "utf-8",
        estimatedRows: stored.lines - 1,
      });
      return id;
    });
    await queueImportRun(db, id, { encoding: "utf-8", mapping: MAPPING, dryRun: false });
    const [result, runSeconds] = await timed(() => runMemberImport(db, id));
    const done = await findImport(db, id);
    if (result !== "done" || !done) throw new Error(`the ${name} ended ${result}`);
    steps.push({ name: `${name}: upload`, seconds: uploadSeconds, rows: done.processedRows });
    steps.push({ name: `${name}: run`, seconds: runSeconds, rows: done.processedRows });
    counts = {
      ...counts,
      [`${name} created`]: done.createdRows,
      [`${name} updated`]: done.updatedRows,
      [`${name} unchanged`]: done.unchangedRows,
      [`${name} rejected`]: done.rejectedRows,
    };
  }
  return { phase, steps, counts, ...peaks.stop() };
}

async function postgres(file: string, serverUrl: string): Promise<Figures> {
  const name = `kizuna_bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  try {
    await migrate(database);
    return await importInto(database, "postgres", file);
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function pglite(file: string): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), "kizuna-bench-pglite-"));
  const database = await openDatabase({ dataDir });
  try {
    await migrate(database);
    return await importInto(database, "pglite", file);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** In a child: runs one phase and sends its figures to the parent. */
async function child(phase: Phase, file: string): Promise<void> {
  const figures =
    phase === "parse" || phase === "validate"
      ? await baseline(file, phase === "validate")
      : phase === "postgres"
        ? await postgres(file, process.env.DATABASE_URL!)
        : await pglite(file);
  process.send!(figures);
}

function runPhase(phase: Phase, file: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(import.meta.url), ["--phase", phase, file], {
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let figures: Figures | undefined;
    worker.on("message", (message) => {
      figures = message as Figures;
    });
    worker.on("error", reject);
    worker.on("exit", (code) =>
      figures ? resolve(figures) : reject(new Error(`phase ${phase} exited with ${code}`)),
    );
  });
}

async function generate(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  const encoder = new TextEncoder();
  for (const piece of sampleMemberCsv(rows, { badEvery: 100, rowsPerPiece: 2000 })) {
    if (!out.write(encoder.encode(piece))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return statSync(file).size;
}

function print(figures: Figures[], baselineRate: number): void {
  const rate = (step: Figures["steps"][number]) => step.rows / step.seconds;
  const rows: string[][] = [
    ["phase", "step", "rows", "seconds", "rows/s", "vs parse", "peak RSS", "peak heap"],
  ];
  for (const f of figures) {
    f.steps.forEach((step, index) => {
      rows.push([
        index === 0 ? f.phase : "",
        step.name,
        step.rows.toLocaleString("en-US"),
        step.seconds.toFixed(1),
        Math.round(rate(step)).toLocaleString("en-US"),
        `${((rate(step) / baselineRate) * 100).toFixed(0)}%`,
        index === 0 ? `${f.peakRssMb.toFixed(0)} MB` : "",
        index === 0 ? `${f.peakHeapMb.toFixed(0)} MB` : "",
      ]);
    });
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) =>
          column >= 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join("  "),
    );
  }
  for (const f of figures) {
    if (f.counts) {
      console.log(
        `${f.phase}: ${Object.entries(f.counts)
          .map(([name, count]) => `${name} ${count.toLocaleString("en-US")}`)
          .join(", ")}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const phaseArg = process.argv.indexOf("--phase");
  if (phaseArg !== -1) {
    return child(process.argv[phaseArg + 1] as Phase, process.argv[phaseArg + 2]!);
  }
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "kizuna-bench-import-"));
  const file = join(dir, "members.csv");
  try {
    const [size, generateSeconds] = await timed(() => generate(file, rows));
    console.log(
      `Member CSV import: ${rows.toLocaleString("en-US")} rows (1% bad), ${(size / 2 ** 20).toFixed(0)} MB, ` +
        `generated in ${generateSeconds.toFixed(1)} s`,
    );
    console.log(
      `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "?"}), ` +
        `${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}\n`,
    );
    const phases: Phase[] = ["parse", "validate"];
    if (process.env.DATABASE_URL) phases.push("postgres");
    else console.log("DATABASE_URL is not set: PostgreSQL is left out.\n");
    phases.push("pglite");
    const figures: Figures[] = [];
    for (const phase of phases) {
      figures.push(await runPhase(phase, file));
      console.log(`  ${phase} done`);
    }
    console.log("");
    const parse = figures[0]!.steps[0]!;
    print(figures, parse.rows / parse.seconds);
    console.log(
      `\nload after: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
