import { fitsLength } from '../catalog/data-types.js';
import type { UserErrorCode } from '../errors.js';

/**
 * What a string from a caller may hold before it goes to SFMC. Controls, bidi
 * overrides and zero-width characters are refused: they make a value look like
 * another one in SFMC's UI and logs. Tabs and line breaks are allowed in values only.
 * Keys and names refuse invisible characters too; a value made only of them is blank.
 */
export const TEXT_LIMITS = {
  /** Contact keys (SFMC allows long keys; an email address is at most 254). */
  contactKey: 254,
  /** SFMC attribute and attribute-group names. */
  name: 128,
  /** Any value of an attribute the catalog does not type or bound. */
  value: 4_000,
} as const;

/** Every list the input may hold is capped: one update is one person's edit, not a bulk load. */
export const LIST_LIMITS = {
  attributeSets: 20,
  rows: 20,
  valuesPerRow: 100,
} as const;

// C0 and C1 controls, bidi embeddings/overrides/isolates and marks, zero-width characters, BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
const UNSAFE_IN_VALUE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
// Characters that show as nothing or as a blank yet are not whitespace, so trim() keeps them: the soft hyphen,
// the combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian separators, line and paragraph
// separators, the Braille blank, variation selectors, interlinear annotation marks, musical formatting
// characters and the tag block. A key or name holding one looks like another key or name.
const INVISIBLE =
  '\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u2028\\u2029\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0\\ufff9-\\ufffb' +
  '\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e007f}\\u{e0100}-\\u{e01ef}';
const INVISIBLE_CHARACTER = new RegExp(`[${INVISIBLE}]`, 'u');
/** The most combining marks in a row a key or name may hold: what real scripts stack on one letter; more is "Zalgo" text. */
export const MAX_COMBINING_MARKS = 4;
// A mark with no letter to sit on (at the start), or a stack taller than MAX_COMBINING_MARKS.
const STRAY_MARKS = new RegExp(`^\\p{M}|\\p{M}{${MAX_COMBINING_MARKS + 1}}`, 'u');
// Nothing a reader would see: only whitespace, the characters above and combining marks (with a control or
// zero-width character among them it is INVALID_CHARACTERS, which says more).
const BLANK_LOOKING = new RegExp(`^[\\s\\p{M}${INVISIBLE}]*$`, 'u');
// SFMC names are words: they start with a letter or digit (so no "__proto__").
const NAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{Zs}_.\-()/&'#%+]*$/u;

/** What is wrong with a string: its code and the words for next to the field. */
export interface TextProblem {
  code: UserErrorCode;
  message: string;
}

/** `U+3164`: a character as its code point, to name one that cannot be shown. */
const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const BLANK: TextProblem = { code: 'BLANK', message: 'must not be empty, blank or made only of invisible characters' };

// Each check answers what is wrong, or undefined; the caller builds the input path only when it reports.
function textProblem(value: string, maxLength: number, unsafe: RegExp): TextProblem | undefined {
  if (value.trim() === '' || BLANK_LOOKING.test(value)) return BLANK;
  if (!fitsLength(value, maxLength)) return { code: 'TOO_LONG', message: `must be at most ${maxLength} characters` };
  if (unsafe.test(value)) return { code: 'INVALID_CHARACTERS', message: 'holds control, bidi or zero-width characters' };
  return undefined;
}

/**
 * A key or a name: also no invisible character anywhere, and no combining mark without a letter or in a stack
 * (values may hold both: an emoji's variation selector, a soft hyphen in a long word).
 */
function identifierProblem(value: string, maxLength: number): TextProblem | undefined {
  const problem = textProblem(value, maxLength, UNSAFE);
  if (problem !== undefined) return problem;
  const invisible = INVISIBLE_CHARACTER.exec(value);
  if (invisible !== null) {
    return { code: 'INVALID_CHARACTERS', message: `holds the invisible character ${codePoint(invisible[0])}` };
  }
  if (STRAY_MARKS.test(value)) {
    return {
      code: 'INVALID_CHARACTERS',
      message: `holds a combining mark with no letter before it, or more than ${MAX_COMBINING_MARKS} in a row`,
    };
  }
  return undefined;
}

// A tenant's attribute names repeat from request to request: the accepted ones are remembered. Bounded: when
// full it starts over, so callers sending made-up names cannot stop the tenant's own from being remembered.
const acceptedNames = new Set<string>();
const REMEMBERED_NAMES = 10_000;

export function nameProblem(value: string): TextProblem | undefined {
  if (acceptedNames.has(value)) return undefined;
  const problem = identifierProblem(value, TEXT_LIMITS.name);
  if (problem !== undefined) return problem;
  if (!NAME.test(value))
    return { code: 'INVALID_NAME', message: 'must start with a letter or digit and hold only name characters' };
  // Names end up as keys of objects downstream (the emulator's rows, clients' maps).
  if (Object.hasOwn(Object.prototype, value)) return { code: 'INVALID_NAME', message: `"${value}" is a reserved name` };
  if (acceptedNames.size >= REMEMBERED_NAMES) acceptedNames.clear();
  acceptedNames.add(value);
  return undefined;
}

/** A string value; `maxLength` defaults to the limit for untyped values. */
export function valueProblem(value: string, maxLength: number = TEXT_LIMITS.value): TextProblem | undefined {
  return textProblem(value, maxLength, UNSAFE_IN_VALUE);
}

export function contactKeyProblem(value: string): TextProblem | undefined {
  return identifierProblem(value, TEXT_LIMITS.contactKey);
}

/** A list longer than `max`: its entries are not looked at (the work per input stays bounded). */
export function listProblem(list: readonly unknown[], max: number): TextProblem | undefined {
  return list.length > max ? { code: 'TOO_MANY', message: `may hold at most ${max} entries` } : undefined;
}
