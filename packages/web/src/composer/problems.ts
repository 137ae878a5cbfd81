import type { FieldId, PlacedProblem } from "@kizuna/core/messages";

// What the server said is wrong, arranged for the composer: by field, and in the marketer's words.

/** The problems of each field. */
export function problemsByField(problems: readonly PlacedProblem[]): Map<FieldId, PlacedProblem[]> {
  const byField = new Map<FieldId, PlacedProblem[]>();
  for (const problem of problems) {
    byField.set(problem.field, [...(byField.get(problem.field) ?? []), problem]);
  }
  return byField;
}

/** How many problems sit on `field` or below it (`1.template` holds `1.template.actions.0.label`). */
export function problemsWithin(problems: readonly PlacedProblem[], field: FieldId): number {
  return problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`)).length;
}

/**
 * The problems of a message edited as JSON: every problem of the message lands on its JSON
 * editor, saying at which property of the message (`template.actions[1].label`).
 */
export function asJsonProblems(
  problems: readonly PlacedProblem[],
  messageIndex: number,
): PlacedProblem[] {
  const prefix = String(messageIndex);
  const messagePath = `messages[${messageIndex}]`;
  return problems.map((p) => {
    if (p.field !== prefix && !p.field.startsWith(`${prefix}.`)) return p;
    const { at: _, ...problem } = p;
    const at = p.property.startsWith(`${messagePath}.`)
      ? p.property.slice(messagePath.length + 1)
      : "";
    return { ...problem, field: `${prefix}.json`, ...(at ? { at } : {}) };
  });
}

export type ProblemKey =
  | "empty"
  | "tooLong"
  | "lengthBetween"
  | "countBetween"
  | "countAtLeast"
  | "oneOf"
  | "https"
  | "url"
  | "uriScheme"
  | "between"
  | "atLeast"
  | "atMost"
  | "sameActionCount"
  | "everyColumnOrNone"
  | "quickReplyOnly"
  | "richMenuOnly"
  | "displayTextAndText"
  | "pickerFormat"
  | "jsonTooLarge"
  | "videoHeroOnly"
  | "dollarIndex"
  | "unreadable"
  | "invalid"
  | "unknown_variable"
  | "unclosed_placeholder"
  | "empty_placeholder"
  | "unknown_custom_field";

export type ProblemText =
  | { key: ProblemKey; values?: Record<string, string | number> }
  /** A rule the composer has no words for: LINE's own. */
  | { raw: string };

const PATTERNS: [RegExp, (m: RegExpExecArray) => ProblemText][] = [
  [/^May not be empty$/, () => ({ key: "empty" })],
  [
    /^Length must be between 0 and (\d+)$/,
    (m) => ({ key: "tooLong", values: { max: Number(m[1]) } }),
  ],
  [
    /^Length must be between (\d+) and (\d+)$/,
    (m) => ({ key: "lengthBetween", values: { min: Number(m[1]), max: Number(m[2]) } }),
  ],
  [
    /^Size must be between (\d+) and (\d+)$/,
    (m) => ({ key: "countBetween", values: { min: Number(m[1]), max: Number(m[2]) } }),
  ],
  [
    /^Size must be at least (\d+)$/,
    (m) => ({ key: "countAtLeast", values: { min: Number(m[1]) } }),
  ],
  [
    /^Must be one of the following values: \[(.*)\]$/,
    (m) => ({ key: "oneOf", values: { values: m[1]!.split(", ").join("・") } }),
  ],
  [/^Must be an HTTPS URL$/, () => ({ key: "https" })],
  [/^Must be a valid URL$/, () => ({ key: "url" })],
  [/^The URI scheme must be/, () => ({ key: "uriScheme" })],
  [
    /^Must be between (-?[\d.]+) and (-?[\d.]+)$/,
    (m) => ({ key: "between", values: { min: m[1]!, max: m[2]! } }),
  ],
  [/^Must be (-?[\d.]+) or more$/, (m) => ({ key: "atLeast", values: { min: m[1]! } })],
  [/^Must be (-?[\d.]+) or less$/, (m) => ({ key: "atMost", values: { max: m[1]! } })],
  [/^Must have the same number of actions in every column$/, () => ({ key: "sameActionCount" })],
  [/^Must be set in every column or in none$/, () => ({ key: "everyColumnOrNone" })],
  [/can only be used in quick reply buttons$/, () => ({ key: "quickReplyOnly" })],
  [/can only be used in rich menus$/, () => ({ key: "richMenuOnly" })],
  [/^Cannot be used together with displayText$/, () => ({ key: "displayTextAndText" })],
  [
    /^Must be (\S+) between (\S+) and (\S+)$/,
    (m) => ({ key: "pickerFormat", values: { format: m[1]!, min: m[2]!, max: m[3]! } }),
  ],
  [
    /^JSON must be at most (\d+) KB$/,
    (m) => ({ key: "jsonTooLarge", values: { max: Number(m[1]) } }),
  ],
  [/^A video can only be the hero of a bubble$/, () => ({ key: "videoHeroOnly" })],
  [/^Must be the index of a \$ character in text$/, () => ({ key: "dollarIndex" })],
  [/^The property, '.*', in the request body is invalid/, () => ({ key: "unreadable" })],
  [/^Invalid value$/, () => ({ key: "invalid" })],
];

const CODES = new Set<string>([
  "unknown_variable",
  "unclosed_placeholder",
  "empty_placeholder",
  "unknown_custom_field",
]);

/** LINE's English rule (or Kizuna's personalisation code) as a sentence key of the composer. */
export function describeProblem(problem: Pick<PlacedProblem, "message" | "code">): ProblemText {
  if (problem.code && CODES.has(problem.code)) return { key: problem.code as ProblemKey };
  for (const [pattern, describe] of PATTERNS) {
    const match = pattern.exec(problem.message);
    if (match) return describe(match);
  }
  return { raw: problem.message };
}
