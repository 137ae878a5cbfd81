/**
 * Matching without sign-in (AURA style): a friend names their member record by one
 * identifier and proves it with a second factor, and Kizuna links them when exactly one
 * imported member has both. The same answer is written in many ways (full-width digits
 * from a Japanese keyboard, hyphens, +81), so both sides are normalised before comparing.
 */

export const MATCH_IDENTIFIER_KINDS = ["member_number", "email", "phone"] as const;
export type MatchIdentifierKind = (typeof MATCH_IDENTIFIER_KINDS)[number];

export const SECOND_FACTOR_KINDS = ["birthday", "phone", "email"] as const;
export type SecondFactorKind = (typeof SECOND_FACTOR_KINDS)[number];

export const DEFAULT_SECOND_FACTOR: SecondFactorKind = "birthday";

/** Failed answers a friend may give in a window before the form refuses them. */
export const MATCH_MAX_FAILURES = 5;
export const MATCH_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface MatchPolicy {
  secondFactor: SecondFactorKind;
  /** The identifiers the form offers: never the second factor itself. */
  identifiers: MatchIdentifierKind[];
}

export function matchPolicy(secondFactor: SecondFactorKind): MatchPolicy {
  return {
    secondFactor,
    identifiers: MATCH_IDENTIFIER_KINDS.filter((kind) => kind !== secondFactor),
  };
}

export function isSecondFactorKind(text: string): text is SecondFactorKind {
  return (SECOND_FACTOR_KINDS as readonly string[]).includes(text);
}

export function isMatchIdentifierKind(text: string): text is MatchIdentifierKind {
  return (MATCH_IDENTIFIER_KINDS as readonly string[]).includes(text);
}

/** NFKC folds full-width letters, digits and symbols (０９０, ＠) to their ASCII forms. */
function fold(text: string): string {
  return text.normalize("NFKC").trim();
}

export function normalizeEmail(text: string): string | null {
  const email = fold(text).toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
  return email;
}

/**
 * Digits only, in Japan's domestic form: `+81 90-1234-5678`, `０９０ー１２３４ー５６７８` and
 * `090(1234)5678` all become `09012345678`.
 */
export function normalizePhone(text: string): string | null {
  const folded = fold(text);
  if (/[^0-9+\-()\s.ー‐−–—―]/.test(folded)) return null;
  let digits = folded.replace(/[^0-9]/g, "");
  if (folded.startsWith("+81")) digits = `0${digits.slice(2)}`;
  else if (folded.startsWith("+")) return null;
  if (!/^0\d{9,10}$/.test(digits)) return null;
  return digits;
}

/** The ways a normalised phone number may have been stored, for an indexed lookup. */
export function phoneSpellings(normalized: string): string[] {
  const d = normalized;
  const spellings = new Set([d, `+81${d.slice(1)}`]);
  if (d.length === 11) spellings.add(`${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`);
  if (d.length === 10) {
    spellings.add(`${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`);
    spellings.add(`${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`);
    spellings.add(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`);
  }
  return [...spellings];
}

/** Member numbers keep their case and punctuation; only width and spaces are folded. */
export function normalizeMemberNumber(text: string): string | null {
  const number = fold(text).replace(/\s+/g, "");
  return number.length >= 1 && number.length <= 100 ? number : null;
}

/** `1990-04-01`, `1990/4/1`, `19900401`, `1990年4月1日` → `1990-04-01`; null if no such day. */
export function normalizeBirthday(text: string, today: Date = new Date()): string | null {
  const folded = fold(text).replace(/\s+/g, "");
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(folded) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(folded);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    year < 1900 ||
    date.getTime() > today.getTime()
  )
    return null;
  return `${match[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface MatchAnswerInput {
  identifierKind: string;
  identifier: string;
  secondFactor: string;
}

export interface MatchAnswer {
  identifier: { kind: MatchIdentifierKind; value: string };
  secondFactor: { kind: SecondFactorKind; value: string };
}

export type MatchAnswerCheck =
  | { ok: true; answer: MatchAnswer }
  | { ok: false; code: "invalid_identifier" | "invalid_second_factor" };

/** Validates and normalises what the friend typed, against the channel's policy. */
export function parseMatchAnswer(input: MatchAnswerInput, policy: MatchPolicy): MatchAnswerCheck {
  const kind = input.identifierKind;
  if (!isMatchIdentifierKind(kind) || !policy.identifiers.includes(kind))
    return { ok: false, code: "invalid_identifier" };
  const identifier = normalizeIdentifier(kind, input.identifier);
  if (identifier === null) return { ok: false, code: "invalid_identifier" };
  const factor = normalizeSecondFactor(policy.secondFactor, input.secondFactor);
  if (factor === null) return { ok: false, code: "invalid_second_factor" };
  return {
    ok: true,
    answer: {
      identifier: { kind, value: identifier },
      secondFactor: { kind: policy.secondFactor, value: factor },
    },
  };
}

function normalizeIdentifier(kind: MatchIdentifierKind, text: string): string | null {
  switch (kind) {
    case "member_number":
      return normalizeMemberNumber(text);
    case "email":
      return normalizeEmail(text);
    case "phone":
      return normalizePhone(text);
    default:
      return kind satisfies never;
  }
}

function normalizeSecondFactor(kind: SecondFactorKind, text: string): string | null {
  switch (kind) {
    case "birthday":
      return normalizeBirthday(text);
    case "phone":
      return normalizePhone(text);
    case "email":
      return normalizeEmail(text);
    default:
      return kind satisfies never;
  }
}

/** A member found by the identifier, with what the second factor is compared against. */
export interface MatchCandidate {
  id: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  birthday: string | null;
}

/**
 * The one member both answers point at, or null. Several members that fit (a shared
 * family e-mail with the same birthday) link nobody: a guess is worse than no link.
 */
export function chooseMatch(
  candidates: readonly MatchCandidate[],
  answer: MatchAnswer,
): string | null {
  const fits = candidates.filter(
    (member) =>
      fieldOf(member, answer.identifier.kind) === answer.identifier.value &&
      fieldOf(member, answer.secondFactor.kind) === answer.secondFactor.value,
  );
  return fits.length === 1 ? fits[0]!.id : null;
}

function fieldOf(
  member: MatchCandidate,
  kind: MatchIdentifierKind | SecondFactorKind,
): string | null {
  switch (kind) {
    case "member_number":
      return normalizeMemberNumber(member.externalId);
    case "email":
      return member.email === null ? null : normalizeEmail(member.email);
    case "phone":
      return member.phone === null ? null : normalizePhone(member.phone);
    case "birthday":
      return member.birthday;
    default:
      return kind satisfies never;
  }
}

/** Whether a friend with `failures` failed answers in the window may answer again. */
export function mayAttemptMatch(failures: number): boolean {
  return failures < MATCH_MAX_FAILURES;
}
