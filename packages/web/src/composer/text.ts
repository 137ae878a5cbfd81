// Editing text in the composer: where a variable or emoji goes, and how variables are written.

/** LINE counts a text's length in UTF-16 code units, up to 5,000. */
export const TEXT_MAX = 5000;

/** `{{name}}`: the placeholder of a personalisation variable (core/templates). */
export function variableToken(path: string): string {
  return `{{${path}}}`;
}

/** `token` in place of text[start, end), and where the caret goes after it. */
export function insertAt(
  text: string,
  start: number,
  end: number,
  token: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length };
}
