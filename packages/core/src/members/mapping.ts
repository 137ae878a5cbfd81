import { z } from "zod";
import type { MemberAttributeDefinition } from "./attributes.ts";
import { MEMBER_FIELDS, type MemberField } from "./member.ts";
import { halfWidth } from "./normalize.ts";

/** Where a CSV column goes: the external id, a member field, or a defined attribute. */
export type ImportTarget = "externalId" | MemberField | `attributes.${string}`;

const TARGET =
  /^(externalId|email|phone|name|birthday|gender|prefecture|rank|points|attributes\.[a-z][a-z0-9_]{0,39})$/;

/** CSV header → target. Columns left out are not imported. */
export const importMappingSchema = z
  .record(
    z.string().max(200),
    z
      .string()
      .regex(TARGET, "a member field or attributes.<key>")
      .transform((target) => target as ImportTarget),
  )
  .refine((mapping) => Object.keys(mapping).length <= 200, "at most 200 columns");
export type ImportMapping = Record<string, ImportTarget>;

export interface MappedColumn {
  index: number;
  header: string;
  target: ImportTarget;
  /** Set for `attributes.<key>` targets. */
  attribute?: MemberAttributeDefinition;
}

/** How to read the rows of one file: which column is what. */
export interface ImportPlan {
  /** Number of columns in the header: a row with another count is refused. */
  width: number;
  externalId: number;
  columns: MappedColumn[];
}

export type MappingProblem =
  | { code: "external_id_unmapped" }
  | { code: "duplicate_header"; header: string }
  | { code: "unknown_header"; header: string }
  | { code: "duplicate_target"; target: ImportTarget }
  | { code: "unknown_attribute"; target: ImportTarget };

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; problems: MappingProblem[] };

/** Checks a mapping against the file's header and the defined attributes. */
export function planImport(
  headers: readonly string[],
  mapping: ImportMapping,
  definitions: ReadonlyMap<string, MemberAttributeDefinition>,
): PlanResult {
  const problems: MappingProblem[] = [];
  const indexOf = new Map<string, number>();
  headers.forEach((header, index) => {
    if (indexOf.has(header)) {
      if (header in mapping) problems.push({ code: "duplicate_header", header });
    } else indexOf.set(header, index);
  });
  const columns: MappedColumn[] = [];
  const seen = new Set<ImportTarget>();
  for (const [header, target] of Object.entries(mapping)) {
    const index = indexOf.get(header);
    if (index === undefined) {
      problems.push({ code: "unknown_header", header });
      continue;
    }
    if (seen.has(target)) {
      problems.push({ code: "duplicate_target", target });
      continue;
    }
    seen.add(target);
    if (target.startsWith("attributes.")) {
      const attribute = definitions.get(target.slice("attributes.".length));
      if (!attribute) {
        problems.push({ code: "unknown_attribute", target });
        continue;
      }
      columns.push({ index, header, target, attribute });
    } else columns.push({ index, header, target });
  }
  const externalId = columns.find((column) => column.target === "externalId");
  if (!externalId) problems.push({ code: "external_id_unmapped" });
  if (problems.length > 0 || !externalId) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      width: headers.length,
      externalId: externalId.index,
      columns: columns.filter((column) => column !== externalId).sort((a, b) => a.index - b.index),
    },
  };
}

/** Header names seen in Japanese and English member exports, written as `headerKey` writes them. */
const HEADER_NAMES: Record<"externalId" | MemberField, readonly string[]> = {
  externalId: [
    "会員番号",
    "会員id",
    "会員no",
    "会員コード",
    "顧客番号",
    "顧客id",
    "顧客コード",
    "お客様番号",
    "memberid",
    "membernumber",
    "memberno",
    "customerid",
    "customernumber",
    "externalid",
    "id",
  ],
  email: [
    "メールアドレス",
    "メール",
    "eメール",
    "eメールアドレス",
    "email",
    "emailaddress",
    "mail",
    "mailaddress",
  ],
  phone: [
    "電話番号",
    "電話",
    "携帯電話番号",
    "携帯番号",
    "携帯電話",
    "tel",
    "phone",
    "phonenumber",
    "mobile",
    "telephone",
  ],
  name: ["氏名", "名前", "お名前", "会員名", "顧客名", "name", "fullname"],
  birthday: ["生年月日", "誕生日", "birthday", "birthdate", "dateofbirth", "dob"],
  gender: ["性別", "gender", "sex"],
  prefecture: ["都道府県", "住所都道府県", "prefecture", "pref"],
  rank: ["ランク", "会員ランク", "会員ステージ", "ステージ", "rank", "tier", "memberrank"],
  points: [
    "ポイント",
    "保有ポイント",
    "ポイント残高",
    "現在ポイント",
    "points",
    "point",
    "pointbalance",
  ],
};

/** A header as it is compared: full-width to half-width, lower case, no spaces or punctuation. */
function headerKey(header: string): string {
  return halfWidth(header)
    .toLowerCase()
    .replace(/[\s_\-.・()（）[\]【】]/g, "");
}

const SUGGESTIONS = new Map<string, ImportTarget>();
for (const [target, names] of Object.entries(HEADER_NAMES)) {
  for (const name of names) SUGGESTIONS.set(headerKey(name), target as ImportTarget);
}

/**
 * A first guess at the mapping from the header names (会員番号, メールアドレス, E-mail …) and
 * the attributes' keys and labels. Each target is suggested once, for its first column.
 */
export function suggestMapping(
  headers: readonly string[],
  definitions: Iterable<MemberAttributeDefinition>,
): ImportMapping {
  const byName = new Map(SUGGESTIONS);
  for (const attribute of definitions) {
    const target: ImportTarget = `attributes.${attribute.key}`;
    byName.set(headerKey(attribute.key), target);
    byName.set(headerKey(attribute.label), target);
  }
  const mapping: ImportMapping = {};
  const taken = new Set<ImportTarget>();
  const seenHeaders = new Set<string>();
  for (const header of headers) {
    if (seenHeaders.has(header)) continue;
    seenHeaders.add(header);
    const target = byName.get(headerKey(header));
    if (!target || taken.has(target)) continue;
    taken.add(target);
    mapping[header] = target;
  }
  return mapping;
}

export const IMPORT_TARGET_FIELDS: readonly ("externalId" | MemberField)[] = [
  "externalId",
  ...MEMBER_FIELDS,
];
