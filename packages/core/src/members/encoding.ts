export const CSV_ENCODINGS = ["utf-8", "shift_jis"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** How many leading bytes of an upload are looked at to tell its encoding. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8 or Shift_JIS (Excel's "CSV" in Japan), from the first bytes of a file: a UTF-8 BOM
 * decides; otherwise the encoding under which the sample decodes with fewer invalid bytes,
 * UTF-8 on a tie (plain ASCII is both). `complete` says the sample is the whole file, so a
 * character cut at its end is an error rather than the start of the next chunk.
 */
export function detectCsvEncoding(sample: Uint8Array, complete = false): CsvEncoding {
  if (UTF8_BOM.every((byte, index) => sample[index] === byte)) return "utf-8";
  const utf8 = invalidCharacters("utf-8", sample, complete);
  if (utf8 === 0) return "utf-8";
  return invalidCharacters("shift_jis", sample, complete) < utf8 ? "shift_jis" : "utf-8";
}

function invalidCharacters(encoding: CsvEncoding, sample: Uint8Array, complete: boolean): number {
  // In streaming mode a sequence cut at the end of the sample is held back, not replaced.
  const text = new TextDecoder(encoding).decode(sample, { stream: !complete });
  let count = 0;
  for (let at = text.indexOf("\uFFFD"); at !== -1; at = text.indexOf("\uFFFD", at + 1)) count++;
  return count;
}
