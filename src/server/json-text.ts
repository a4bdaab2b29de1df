/** Deeper than any GraphQL request needs (variables hold input objects a few levels deep). */
export const MAX_JSON_DEPTH = 64;

/** A whole number beyond 2^53 - 1 has at least 16 digits. */
const SAFE_DIGITS = 15;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Whether the character at `at` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && text.charCodeAt(at - backslashes - 1) === 0x5c) backslashes += 1;
  return backslashes % 2 === 1;
}

/** What a JSON request text holds that parsing would choke on or silently change. */
export type JsonTextProblem =
  /** Arrays and objects nested deeper than MAX_JSON_DEPTH: nothing downstream should walk such a value. */
  | { kind: 'too-deep' }
  /**
   * A whole-number literal beyond 2^53 - 1. JSON.parse reads numbers as doubles, which hold whole
   * numbers exactly only up to there: 9007199254740993 becomes 9007199254740992 before anything
   * can look at it, and a contact id or a value would reach SFMC as a number the caller never sent.
   */
  | { kind: 'unsafe-integer'; literal: string };

/**
 * The first problem in a JSON text, found before it is parsed, in one walk over it (strings skipped;
 * no regular expression: a digit-heavy body makes one backtrack at every digit). A number with a
 * fraction or an exponent is a decimal, approximate by nature, and not looked at.
 */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): JsonTextProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote, found natively (strings are most of a request's text).
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      i = end === -1 ? text.length : end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return { kind: 'too-deep' };
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    } else if (isDigit(c)) {
      let end = i + 1;
      while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
      const next = text.charCodeAt(end) | 0x20; // folds E to e
      if (next === 0x2e || next === 0x65) {
        // A fraction or an exponent: skip the rest of the number.
        while (end < text.length && (isDigit(text.charCodeAt(end)) || '.eE+-'.includes(text[end]!))) end += 1;
      } else if (end - i > SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(i, end)))) {
        const sign = i > 0 && text.charCodeAt(i - 1) === 0x2d ? '-' : '';
        return { kind: 'unsafe-integer', literal: sign + text.slice(i, end) };
      }
      i = end - 1;
    }
  }
  return undefined;
}

/** The first whole-number literal beyond 2^53 - 1 in a JSON text, or undefined. */
export function unsafeInteger(text: string): string | undefined {
  const problem = jsonTextProblem(text, Number.POSITIVE_INFINITY);
  return problem?.kind === 'unsafe-integer' ? problem.literal : undefined;
}
