/** Why a member row (a CSV line or an API item) was refused. */
export const ROW_ERROR_CODES = [
  "required",
  "too_long",
  "invalid_email",
  "invalid_phone",
  "invalid_date",
  "date_out_of_range",
  "invalid_gender",
  "invalid_prefecture",
  "invalid_integer",
  "out_of_range",
  "invalid_number",
  "invalid_boolean",
  "invalid_choice",
  "invalid_type",
  "unknown_attribute",
  "unknown_field",
  "column_count",
  "invalid_encoding",
  "malformed_csv",
  "duplicate_in_request",
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/**
 * `field` is a member field (`email`), an attribute (`attributes.member_since`) or `row`
 * for the line as a whole. `messageKey` names the text in the `members` namespace of the UI
 * and in {@link rowErrorMessage}.
 */
export interface RowError {
  code: RowErrorCode;
  field: string;
  messageKey: `rowErrors.${RowErrorCode}`;
}

export function rowError(code: RowErrorCode, field: string): RowError {
  return { code, field, messageKey: `rowErrors.${code}` };
}

export type Language = "ja" | "en";

const MESSAGES: Record<Language, Record<RowErrorCode, string>> = {
  ja: {
    required: "{{field}}が空です",
    too_long: "{{field}}が長すぎます",
    invalid_email: "{{field}}の形式が正しくありません",
    invalid_phone: "{{field}}を電話番号として読み取れません",
    invalid_date: "{{field}}を日付として読み取れません（例: 1990-04-01、1990/4/1、平成2年4月1日）",
    date_out_of_range: "{{field}}の日付がありえない範囲です",
    invalid_gender: "{{field}}は 男性・女性・その他・不明 のいずれかにしてください",
    invalid_prefecture: "{{field}}を都道府県名として読み取れません",
    invalid_integer: "{{field}}が整数ではありません",
    out_of_range: "{{field}}の値が範囲外です",
    invalid_number: "{{field}}が数値ではありません",
    invalid_boolean: "{{field}}は はい/いいえ（true/false、1/0）で指定してください",
    invalid_choice: "{{field}}が選択肢にない値です",
    invalid_type: "{{field}}の型が正しくありません",
    unknown_attribute: "{{field}}という属性は定義されていません",
    unknown_field: "{{field}}という項目はありません",
    column_count: "列の数が見出し行と合いません",
    invalid_encoding:
      "文字コードとして読めない文字があります（文字コードの指定を確認してください）",
    malformed_csv: "CSV として読めない行です（引用符の閉じ忘れなど）",
    duplicate_in_request: "同じ会員番号がこのリクエストの前の項目にあります",
  },
  en: {
    required: "{{field}} is empty",
    too_long: "{{field}} is too long",
    invalid_email: "{{field}} is not an e-mail address",
    invalid_phone: "{{field}} is not a phone number",
    invalid_date: "{{field}} is not a date (e.g. 1990-04-01, 1990/4/1)",
    date_out_of_range: "{{field}} is outside the possible dates",
    invalid_gender: "{{field}} must be female, male, other or unknown",
    invalid_prefecture: "{{field}} is not a prefecture",
    invalid_integer: "{{field}} is not a whole number",
    out_of_range: "{{field}} is out of range",
    invalid_number: "{{field}} is not a number",
    invalid_boolean: "{{field}} must be true or false (yes/no, 1/0)",
    invalid_choice: "{{field}} is not one of the choices",
    invalid_type: "{{field}} has the wrong type",
    unknown_attribute: "{{field}} is not a defined attribute",
    unknown_field: "{{field}} is not a member field",
    column_count: "The row does not have as many columns as the header",
    invalid_encoding: "The row holds bytes that are not text in this encoding (check the encoding)",
    malformed_csv: "The row is not valid CSV (an unclosed quote?)",
    duplicate_in_request: "The same external id appears earlier in this request",
  },
};

const FIELD_LABELS: Record<Language, Record<string, string>> = {
  ja: {
    externalId: "会員番号",
    email: "メールアドレス",
    phone: "電話番号",
    name: "氏名",
    birthday: "生年月日",
    gender: "性別",
    prefecture: "都道府県",
    rank: "ランク",
    points: "ポイント",
    row: "行",
  },
  en: {
    externalId: "External id",
    email: "E-mail",
    phone: "Phone",
    name: "Name",
    birthday: "Birthday",
    gender: "Gender",
    prefecture: "Prefecture",
    rank: "Rank",
    points: "Points",
    row: "Row",
  },
};

/** The message templates, for the UI's translation resources and for reports. */
export function rowErrorTemplates(language: Language): Readonly<Record<RowErrorCode, string>> {
  return MESSAGES[language];
}

/** A member field's label; attributes show their own label when one is given. */
export function memberFieldLabel(
  field: string,
  language: Language,
  attributeLabels: ReadonlyMap<string, string> = new Map(),
): string {
  if (field.startsWith("attributes.")) {
    const key = field.slice("attributes.".length);
    return attributeLabels.get(key) ?? key;
  }
  return FIELD_LABELS[language][field] ?? field;
}

/** A row error in words, for the rejection report. */
export function rowErrorMessage(
  error: Pick<RowError, "code" | "field">,
  language: Language,
  attributeLabels?: ReadonlyMap<string, string>,
): string {
  return MESSAGES[language][error.code].replace(
    "{{field}}",
    memberFieldLabel(error.field, language, attributeLabels),
  );
}
