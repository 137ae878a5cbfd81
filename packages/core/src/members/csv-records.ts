import { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import type { CsvEncoding } from "./encoding.ts";

/** One record of a CSV file: its cells, or why it could not be read. */
export interface CsvRecord {
  /** The line of the file the record starts on; the header is line 1. */
  line: number;
  cells: string[];
  /** The record as written, for the rejection report (at most RAW_MAX_LENGTH characters). */
  raw: string;
  problem?: "malformed_csv" | "invalid_encoding";
}

export const RAW_MAX_LENGTH = 2000;
/** A stray quote makes the rest of a file one field: this bounds what a record may hold. */
export const RECORD_MAX_BYTES = 256 * 1024;

/**
 * Streams the records of a CSV file given as byte chunks of any size: a character split
 * across two chunks is joined (the decoder keeps the partial bytes), and a quoted field may
 * hold newlines. Blank lines and rows of blank (whitespace-only) cells are skipped. Memory stays bounded by
 * the parser's buffer and one record, whatever the size of the file.
 */
export async function* readCsvRecords(
  bytes: AsyncIterable<Uint8Array>,
  encoding: CsvEncoding,
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    raw: true,
    info: true,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    max_record_size: RECORD_MAX_BYTES,
  });
  const skipped: CsvRecord[] = [];
  // csv-parse counts a CRLF inside a quoted cell as two lines: the lines it has counted
  // beyond the file's own, so far.
  let drift = 0;
  parser.on("skip", (error: CsvError & { lines?: number; raw?: string }) => {
    const raw = trimRaw(error.raw ?? "");
    skipped.push({
      line: Math.max(1, (error.lines ?? 1) - parserBreaks(raw) - drift),
      cells: [],
      raw: raw.slice(0, RAW_MAX_LENGTH),
      problem: "malformed_csv",
    });
  });
  const source = Readable.from(decode(bytes, encoding));
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);

  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{
      record: string[];
      raw: string;
      info: { lines: number };
    }>) {
      const text = trimRaw(raw);
      const line = info.lines - parserBreaks(text) - drift;
      drift += parserBreaks(text) - lineBreaks(text);
      while (skipped.length > 0 && skipped[0]!.line < line) yield skipped.shift()!;
      yield {
        line,
        cells: record,
        raw: text.slice(0, RAW_MAX_LENGTH),
        ...(text.includes("\uFFFD") ? { problem: "invalid_encoding" as const } : {}),
      };
    }
    yield* skipped;
  } finally {
    // A reader that stops early (a preview of 20 rows) stops the reading of the file too.
    source.destroy();
  }
}

async function* decode(bytes: AsyncIterable<Uint8Array>, encoding: CsvEncoding) {
  // Not fatal: an undecodable byte becomes U+FFFD and refuses its row, not the file.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function trimRaw(raw: string): string {
  return raw.replace(/^[\r\n]+|[\r\n]+$/g, "");
}

/** Line breaks as csv-parse counts them inside a record: every CR and every LF. */
function parserBreaks(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) count++;
  }
  return count;
}

/** Line breaks as an editor counts them: CRLF, LF or CR. */
function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}
