/** A whole number beyond 2^53 - 1 has at least 16 digits: a text without such a run holds none. */
const LONG_DIGITS = /\d{16}/;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * The first whole-number literal in a JSON text that lies beyond 2^53 - 1 (strings skipped), or undefined.
 * JSON.parse reads numbers as doubles, which hold whole numbers exactly only up to there: 9007199254740993
 * becomes 9007199254740992 before anything can look at it, and a contact id or a value would reach SFMC as
 * a number the caller never sent. Such a number must travel as a string; one in a fraction or with an
 * exponent is a decimal, approximate by nature, and not looked at.
 */
export function unsafeInteger(text: string): string | undefined {
  // Almost every body: one scan for a run of digits, no walk.
  if (!LONG_DIGITS.test(text)) return undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, escapes included.
      for (i += 1; i < text.length; i += 1) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 1;
        else if (d === 0x22) break;
      }
      continue;
    }
    if (c !== 0x2d && !isDigit(c)) continue;
    let end = c === 0x2d ? i + 1 : i;
    while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
    const next = text.charCodeAt(end) | 0x20; // folds E to e
    if (next === 0x2e || next === 0x65) {
      // A fraction or an exponent: skip the rest of the number.
      while (end < text.length && /[\d.eE+-]/.test(text[end]!)) end += 1;
    } else if (end - i >= 16 && !Number.isSafeInteger(Number(text.slice(i, end)))) {
      return text.slice(i, end);
    }
    i = end - 1;
  }
  return undefined;
}
