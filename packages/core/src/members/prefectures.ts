/** The 47 prefectures in JIS X 0401 order: index + 1 is the prefecture code. */
export const PREFECTURES = [
  ["北海道", "hokkaido"],
  ["青森県", "aomori"],
  ["岩手県", "iwate"],
  ["宮城県", "miyagi"],
  ["秋田県", "akita"],
  ["山形県", "yamagata"],
  ["福島県", "fukushima"],
  ["茨城県", "ibaraki"],
  ["栃木県", "tochigi"],
  ["群馬県", "gunma"],
  ["埼玉県", "saitama"],
  ["千葉県", "chiba"],
  ["東京都", "tokyo"],
  ["神奈川県", "kanagawa"],
  ["新潟県", "niigata"],
  ["富山県", "toyama"],
  ["石川県", "ishikawa"],
  ["福井県", "fukui"],
  ["山梨県", "yamanashi"],
  ["長野県", "nagano"],
  ["岐阜県", "gifu"],
  ["静岡県", "shizuoka"],
  ["愛知県", "aichi"],
  ["三重県", "mie"],
  ["滋賀県", "shiga"],
  ["京都府", "kyoto"],
  ["大阪府", "osaka"],
  ["兵庫県", "hyogo"],
  ["奈良県", "nara"],
  ["和歌山県", "wakayama"],
  ["鳥取県", "tottori"],
  ["島根県", "shimane"],
  ["岡山県", "okayama"],
  ["広島県", "hiroshima"],
  ["山口県", "yamaguchi"],
  ["徳島県", "tokushima"],
  ["香川県", "kagawa"],
  ["愛媛県", "ehime"],
  ["高知県", "kochi"],
  ["福岡県", "fukuoka"],
  ["佐賀県", "saga"],
  ["長崎県", "nagasaki"],
  ["熊本県", "kumamoto"],
  ["大分県", "oita"],
  ["宮崎県", "miyazaki"],
  ["鹿児島県", "kagoshima"],
  ["沖縄県", "okinawa"],
] as const;

export type Prefecture = (typeof PREFECTURES)[number][0];

function suffixInRomaji(name: string): string {
  if (name.endsWith("都")) return "to";
  return name.endsWith("府") ? "fu" : "ken";
}

const BY_SPELLING = new Map<string, Prefecture>();
PREFECTURES.forEach(([name, romaji], index) => {
  BY_SPELLING.set(name, name);
  // 東京 for 東京都, 大阪 for 大阪府; 北海道 keeps its 道.
  if (name !== "北海道") BY_SPELLING.set(name.slice(0, -1), name);
  BY_SPELLING.set(romaji, name);
  if (name !== "北海道") BY_SPELLING.set(`${romaji}-${suffixInRomaji(name)}`, name);
  BY_SPELLING.set(String(index + 1), name);
  BY_SPELLING.set(String(index + 1).padStart(2, "0"), name);
});

/**
 * The official name of a prefecture, written as company systems write it: 東京都, 東京,
 * Tokyo, Tokyo-to, or its JIS code (13; 01 or 1 for 北海道). Input is NFKC-normalized and trimmed.
 */
export function prefectureOf(text: string): Prefecture | null {
  return BY_SPELLING.get(text) ?? BY_SPELLING.get(text.toLowerCase()) ?? null;
}
