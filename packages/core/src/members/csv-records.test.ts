import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvRecord, readCsvRecords } from "./csv-records.ts";
import { type CsvEncoding, detectCsvEncoding } from "./encoding.ts";
import { encodeShiftJis } from "./shift-jis.ts";

async function* chunked(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function records(bytes: Uint8Array, encoding: CsvEncoding, chunkSize = 1 << 20) {
  const all: CsvRecord[] = [];
  for await (const record of readCsvRecords(chunked(bytes, chunkSize), encoding)) all.push(record);
  return all;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const SAMPLE = '会員番号,氏名,都道府県\r\nM001,山田 太郎,東京都\r\nM002,"佐藤\r\n花子",大阪府\r\n';

describe("telling the encoding of a CSV file", () => {
  it("reads Shift_JIS as Shift_JIS and UTF-8 as UTF-8, with or without a BOM", () => {
    expect(detectCsvEncoding(encodeShiftJis(SAMPLE), true)).toBe("shift_jis");
    expect(detectCsvEncoding(utf8(SAMPLE), true)).toBe("utf-8");
    expect(detectCsvEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("a,b\r\n")]), true)).toBe(
      "utf-8",
    );
    expect(detectCsvEncoding(utf8("id,email\r\n1,a@example.jp\r\n"), true)).toBe("utf-8");
  });

  it("is not misled by a character cut at the end of the sample", () => {
    const bytes = utf8(SAMPLE);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(detectCsvEncoding(bytes.subarray(0, cut))).toBe("utf-8");
    }
    const sjis = encodeShiftJis(SAMPLE);
    // From the first Japanese header character on, there is enough to tell.
    for (let cut = 2; cut < sjis.length; cut++) {
      expect(detectCsvEncoding(sjis.subarray(0, cut))).toBe("shift_jis");
    }
  });

  it("takes Shift_JIS full of half-width katakana and NEC special characters for Shift_JIS", () => {
    expect(detectCsvEncoding(encodeShiftJis("ﾔﾏﾀﾞ ﾀﾛｳ,①㈱,髙橋\r\n"), true)).toBe("shift_jis");
  });
});

describe("reading CSV records from chunks", () => {
  it("joins a Shift_JIS character split across chunk boundaries, at every split point", async () => {
    const bytes = encodeShiftJis(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const read = await records(bytes, "shift_jis", size);
      expect(read.map((r) => r.cells)).toEqual([
        ["会員番号", "氏名", "都道府県"],
        ["M001", "山田 太郎", "東京都"],
        ["M002", "佐藤\r\n花子", "大阪府"],
      ]);
      expect(read.every((r) => r.problem === undefined)).toBe(true);
    }
  });

  it("keeps any text intact whatever the chunk size (UTF-8)", async () => {
    const cell = fc.string({ unit: "grapheme", maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        async (rows, size) => {
          const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
          const csv = `a,b\n${rows.map(([x, y]) => `${quote(x)},${quote(y)}`).join("\n")}\n`;
          const read = await records(utf8(csv), "utf-8", size);
          // A row whose cells are all blank (whitespace only) is skipped, as a blank line is.
          const expected = rows.filter(([x, y]) => x.trim() !== "" || y.trim() !== "");
          expect(read.slice(1).map((r) => r.cells)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("numbers records by the line they start on, with CRLF and LF line ends alike", async () => {
    const csv = 'id,name\r\n1,"a\r\nb\r\nc"\r\n2,d\r\n\r\n3,"e\nf"\r\n4,g\r\n';
    const read = await records(utf8(csv), "utf-8");
    expect(read.map((r) => r.line)).toEqual([1, 2, 5, 7, 9]);
  });

  it("numbers records by the line they start on, skipping blank lines", async () => {
    const csv = 'id,name\n1,a\n\n2,"b\nc"\n,\n3,d\n';
    const read = await records(utf8(csv), "utf-8");
    expect(read.map((r) => [r.line, r.raw])).toEqual([
      [1, "id,name"],
      [2, "1,a"],
      [4, '2,"b\nc"'],
      [7, "3,d"],
    ]);
  });

  it("reports bytes that are not text in the encoding, and malformed rows, without stopping", async () => {
    const bytes = new Uint8Array([
      ...utf8("id,name\n1,ok\n2,"),
      0xff,
      0xfe,
      ...utf8('\n3,say "hi"\n4,fine\n5,"never closed\n6,lost\n'),
    ]);
    const read = await records(bytes, "utf-8");
    expect(read.map((r) => [r.line, r.problem ?? "ok"])).toEqual([
      [1, "ok"],
      [2, "ok"],
      [3, "invalid_encoding"],
      [4, "ok"],
      [5, "ok"],
      [6, "malformed_csv"],
    ]);
    // A quote inside an unquoted cell is taken as written.
    expect(read[3]!.cells).toEqual(["3", 'say "hi"']);
    expect(read[5]!.raw).toBe('5,"never closed\n6,lost');
  });

  it("strips a UTF-8 BOM from the first header", async () => {
    const read = await records(
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("会員番号\n1\n")]),
      "utf-8",
    );
    expect(read[0]!.cells).toEqual(["会員番号"]);
  });
});
