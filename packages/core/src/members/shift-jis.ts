/**
 * Shift_JIS (Windows-31J, as Excel writes it) encoding, for tests, benchmarks and sample
 * files: TextEncoder only writes UTF-8. Built once by decoding every two-byte code.
 */
let table: Map<string, number[]> | undefined;

function encodingTable(): Map<string, number[]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder("shift_jis");
  for (let byte = 0; byte < 0x80; byte++) table.set(String.fromCharCode(byte), [byte]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\uFFFD" && !table.has(char))
        table.set(char, [lead, trail]);
    }
  }
  // Half-width katakana are single bytes.
  for (let byte = 0xa1; byte <= 0xdf; byte++) {
    table.set(decoder.decode(new Uint8Array([byte])), [byte]);
  }
  return table;
}

export function encodeShiftJis(text: string): Uint8Array {
  const codes = encodingTable();
  const bytes: number[] = [];
  for (const char of text) {
    const encoded = codes.get(char);
    if (!encoded) throw new Error(`not in Shift_JIS: ${char}`);
    bytes.push(...encoded);
  }
  return new Uint8Array(bytes);
}
