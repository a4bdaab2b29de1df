const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** A whole number beyond 2^53 - 1 has at least 16 digits. */
const SAFE_DIGITS = 15;

/**
 * The first whole-number literal in a JSON text that lies beyond 2^53 - 1 (strings skipped), or undefined.
 * JSON.parse reads numbers as doubles, which hold whole numbers exactly only up to there: 9007199254740993
 * becomes 9007199254740992 before anything can look at it, and a contact id or a value would reach SFMC as
 * a number the caller never sent. Such a number must travel as a string; one with a fraction or an
 * exponent is a decimal, approximate by nature, and not looked at. One walk over the text, no regular
 * expression (a digit-heavy body makes one backtrack at every digit).
 */
export function unsafeInteger(text: string): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, escapes included.
      for (i += 1; i < text.length; i += 1) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 1;
        else if (d === 0x22) break;
      }
    } else if (isDigit(c)) {
      let end = i + 1;
      while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
      const next = text.charCodeAt(end) | 0x20; // folds E to e
      if (next === 0x2e || next === 0x65) {
        // A fraction or an exponent: skip the rest of the number.
        while (end < text.length && (isDigit(text.charCodeAt(end)) || '.eE+-'.includes(text[end]!))) end += 1;
      } else if (end - i > SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(i, end)))) {
        const sign = i > 0 && text.charCodeAt(i - 1) === 0x2d ? '-' : '';
        return sign + text.slice(i, end);
      }
      i = end - 1;
    }
  }
  return undefined;
}
