import { halfWidth, normalizeEmail, normalizePhone, parseDay } from "../members/normalize.ts";

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
/** Failed answers naming one identifier, from any friends, before it is refused for the window. */
export const MATCH_MAX_IDENTIFIER_FAILURES = 10;
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

/**
 * Answers are read with the same rules member imports store values by (core/members),
 * so that a match is an equality: `Ｍ－０００１`, `+81 90-1234-5678`, `平成2年4月1日`.
 */
export function readEmailAnswer(text: string): string | null {
  const email = normalizeEmail(text);
  return email.ok ? email.value : null;
}

export function readPhoneAnswer(text: string): string | null {
  const phone = normalizePhone(text);
  return phone.ok ? phone.value : null;
}

/** Member numbers keep their case and punctuation; only width and spaces are folded. */
export function readMemberNumberAnswer(text: string): string | null {
  const number = halfWidth(text).replace(/\s+/g, "");
  return number.length >= 1 && number.length <= 100 ? number : null;
}

/** A birthday as `YYYY-MM-DD`, from 1900 to today; null if there is no such day. */
export function readBirthdayAnswer(text: string, today: Date = new Date()): string | null {
  const day = parseDay(text, "1900-01-01", today.toISOString().slice(0, 10));
  return day.ok ? day.value : null;
}

/** The ways a normalised Japanese phone number may have been stored, for an indexed lookup. */
export function phoneSpellings(normalized: string): string[] {
  const d = normalized;
  if (!d.startsWith("0")) return [d];
  const spellings = new Set([d, `+81${d.slice(1)}`]);
  if (d.length === 11) spellings.add(`${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`);
  if (d.length === 10) {
    spellings.add(`${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`);
    spellings.add(`${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`);
    spellings.add(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`);
  }
  return [...spellings];
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
      return readMemberNumberAnswer(text);
    case "email":
      return readEmailAnswer(text);
    case "phone":
      return readPhoneAnswer(text);
    default:
      return kind satisfies never;
  }
}

function normalizeSecondFactor(kind: SecondFactorKind, text: string): string | null {
  switch (kind) {
    case "birthday":
      return readBirthdayAnswer(text);
    case "phone":
      return readPhoneAnswer(text);
    case "email":
      return readEmailAnswer(text);
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
      return readMemberNumberAnswer(member.externalId);
    case "email":
      return member.email === null ? null : readEmailAnswer(member.email);
    case "phone":
      return member.phone === null ? null : readPhoneAnswer(member.phone);
    case "birthday":
      return member.birthday;
    default:
      return kind satisfies never;
  }
}

/**
 * Whether an answer may be checked: the friend has failed fewer than five times in the
 * window, and the identifier it names fewer than ten times across all friends.
 */
export function mayAttemptMatch(friendFailures: number, identifierFailures = 0): boolean {
  return friendFailures < MATCH_MAX_FAILURES && identifierFailures < MATCH_MAX_IDENTIFIER_FAILURES;
}

/** What attempts record of an identifier, to count failures against it (hashed by the store). */
export function identifierKey(answer: MatchAnswer): string {
  return `${answer.identifier.kind}:${answer.identifier.value}`;
}
