/**
 * Generated member CSV files, for tests, benchmarks and demos: realistic rows (Japanese
 * names, the ways people write phones and dates), with every `badEvery`-th row invalid.
 */
export const SAMPLE_CSV_HEADER =
  "会員番号,氏名,メールアドレス,電話番号,生年月日,性別,都道府県,ランク,ポイント";

const FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"];
const GIVEN = ["太郎", "花子", "一郎", "陽菜", "蓮", "結衣", "大翔", "さくら", "湊", "美咲"];
const PREFECTURES = ["東京都", "大阪府", "神奈川", "愛知県", "北海道", "福岡", "13", "27"];
const RANKS = ["ゴールド", "シルバー", "ブロンズ", ""];
const GENDERS = ["男性", "女性", "F", "M", "不明", ""];
/** Which cell a bad row gets wrong, in turn. */
const BAD_CELLS = ["email", "phone", "birthday"] as const;

export interface SampleCsvOptions {
  /** Every n-th row is invalid (0: none). */
  badEvery?: number;
  /** Added to every member number, so that two files can name other members. */
  offset?: number;
  /** Rows per yielded string. */
  rowsPerPiece?: number;
}

/** The file as text pieces, header first, CRLF line ends; never the whole file at once. */
export function* sampleMemberCsv(rows: number, options: SampleCsvOptions = {}): Generator<string> {
  const { badEvery = 0, offset = 0, rowsPerPiece = 500 } = options;
  let piece = `${SAMPLE_CSV_HEADER}\r\n`;
  for (let i = 1; i <= rows; i++) {
    const n = i + offset;
    const bad =
      badEvery > 0 && i % badEvery === 0 ? BAD_CELLS[(i / badEvery) % BAD_CELLS.length] : null;
    const name = `${FAMILY[n % 10]} ${GIVEN[Math.floor(n / 10) % 10]}`;
    const email = bad === "email" ? `m${n}.example.jp` : `M${n}@Example.jp`;
    const mobile = String(10_000_000 + (n % 90_000_000)).padStart(8, "0");
    const phone =
      bad === "phone"
        ? "090-123"
        : n % 2 === 0
          ? `090-${mobile.slice(0, 4)}-${mobile.slice(4)}`
          : `+81 80${mobile}`;
    const year = 1950 + (n % 55);
    const birthday =
      bad === "birthday" ? `${year}/02/30` : `${year}/${(n % 12) + 1}/${(n % 28) + 1}`;
    piece +=
      `M${String(n).padStart(8, "0")},${name},${email},${phone},${birthday},` +
      `${GENDERS[n % GENDERS.length]},${PREFECTURES[n % PREFECTURES.length]},` +
      `${RANKS[n % RANKS.length]},"${(n % 50_000).toLocaleString("en-US")}"\r\n`;
    if (i % rowsPerPiece === 0) {
      yield piece;
      piece = "";
    }
  }
  if (piece) yield piece;
}
