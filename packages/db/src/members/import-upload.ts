import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";
import { appendImportChunk, IMPORT_CHUNK_BYTES } from "./imports.ts";

export interface StoredImportFile {
  byteSize: number;
  /** Lines in the file (a last line without a newline counts): the header and the rows. */
  lines: number;
  /** The first bytes, to tell the encoding and read the header from. */
  sample: Uint8Array;
}

const LF = 0x0a;

/**
 * Writes an upload into `member_import_chunks` as it arrives, in chunks of `chunkBytes`:
 * at most one chunk is held in memory, whatever the size of the file. Counting LF bytes
 * gives the number of lines in UTF-8 and Shift_JIS alike (neither uses 0x0A inside a
 * character); quoted newlines make it an estimate of the rows.
 */
export async function storeImportFile(
  db: Kysely<DB>,
  importId: string,
  source: AsyncIterable<Uint8Array>,
  options: { chunkBytes?: number; sampleBytes?: number } = {},
): Promise<StoredImportFile> {
  const chunkBytes = options.chunkBytes ?? IMPORT_CHUNK_BYTES;
  const sampleBytes = options.sampleBytes ?? 64 * 1024;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let byteSize = 0;
  let lines = 0;
  let lastByte = LF;
  const sample: Uint8Array[] = [];
  let sampled = 0;

  const write = async (final: boolean) => {
    while (pendingBytes >= chunkBytes || (final && pendingBytes > 0)) {
      const joined = Buffer.concat(pending, pendingBytes);
      const size = Math.min(chunkBytes, joined.length);
      await appendImportChunk(db, importId, seq++, joined.subarray(0, size));
      const rest = joined.subarray(size);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
  };

  for await (const piece of source) {
    if (piece.length === 0) continue;
    byteSize += piece.length;
    for (let at = piece.indexOf(LF); at !== -1; at = piece.indexOf(LF, at + 1)) lines++;
    lastByte = piece[piece.length - 1]!;
    if (sampled < sampleBytes) {
      const part = piece.subarray(0, sampleBytes - sampled);
      sample.push(Uint8Array.from(part));
      sampled += part.length;
    }
    pending.push(piece);
    pendingBytes += piece.length;
    await write(false);
  }
  await write(true);
  if (lastByte !== LF) lines++;
  return { byteSize, lines, sample: Buffer.concat(sample, sampled) };
}
