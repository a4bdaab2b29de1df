import type { SfmcDataType } from './types.js';

/**
 * What each SFMC data type accepts. The GraphQL layer validates typed input with
 * these rules before anything is sent, and the emulator applies the same rules to
 * what it receives, so the two can never disagree about a value.
 */

/** A value as it travels in `values[].value`: SFMC accepts strings, numbers and booleans. */
export type AttributeScalar = string | number | boolean;

/** The GraphQL input type used for a typed attribute of this SFMC data type. */
export type GraphqlScalarName = 'String' | 'Int' | 'Float' | 'Boolean';

export const GRAPHQL_SCALAR_OF: Record<SfmcDataType, GraphqlScalarName> = {
  Text: 'String',
  Phone: 'String',
  EmailAddress: 'String',
  Date: 'String',
  // 64-bit: GraphQL Int is 32-bit, so a digit string keeps every value exact.
  LongNumber: 'String',
  Number: 'Int',
  Byte: 'Int',
  Decimal: 'Float',
  Boolean: 'Boolean',
};

export type Coerced = { ok: true; value: AttributeScalar } | { ok: false; reason: string };

/** Why `coercedValue` refused a value, for next to the field. */
export class Refused {
  constructor(readonly reason: string) {}
}

const INT32 = { min: -2147483648, max: 2147483647 };
// An address is a dot-atom local part (no leading, trailing or doubled dot; RFC 5322) and a host name of
// letter-or-digit labels that neither start nor end with a hyphen, the last one a word (RFC 1035). Letters
// beyond ASCII are allowed (RFC 6531). Neither part holds a dot-free run that can backtrack.
const ATOM = '[^\\s\\p{Cc}@"<>()[\\]\\\\,;:.]+';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const TOP_LABEL = '\\p{L}(?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`^(${ATOM}(?:\\.${ATOM})*)@(?:${LABEL}\\.)+${TOP_LABEL}$`, 'u');
/** RFC 5321's limits: the local part and the whole address. */
const EMAIL_LIMITS = { local: 64, address: 254 } as const;
// Digits with the usual punctuation; how many digits is counted apart (E.164: at most 15).
const PHONE = /^\+?[0-9(). -]+$/;
const PHONE_DIGITS = { min: 3, max: 15 } as const;
// A date, or a date-time whose time (and offset) is checked for range in isRealDate.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
// Up to 19 digits, the most a 64-bit number has. (Made once, as every pattern here: a regular expression
// literal in a function is a new object each time the function runs.)
const LONG_NUMBER = /^-?\d{1,19}$/;

/**
 * Whether `value` holds at most `max` characters (code points), without building
 * an array of them: a string of at most `max` UTF-16 units always does.
 */
export function fitsLength(value: string, max: number): boolean {
  if (value.length <= max) return true;
  let count = 0;
  for (const _ of value) if (++count > max) return false;
  return true;
}

const fail = (reason: string) => new Refused(reason);

function integer(value: AttributeScalar, min: number, max: number, label: string): AttributeScalar | Refused {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`must be ${label}`);
  if (n < min || n > max) return fail(`must be between ${min} and ${max}`);
  return n;
}

/** Real UTC offsets run from -12:00 to +14:00: one beyond 14 hours either way is no offset at all. */
const MAX_OFFSET_MINUTES = 14 * 60;

function isRealDate(value: string): boolean {
  const us = US_DATE.exec(value);
  const iso = us ? undefined : ISO_DATE.exec(value);
  if (!us && !iso) return false;
  const [y, m, d] = (us ? [us[3], us[1], us[2]] : [iso![1], iso![2], iso![3]]).map(Number) as [number, number, number];
  // Date.UTC reads years 0-99 as 1900-1999: such a year never matches below.
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  if (iso?.[4] === undefined) return true;
  // No leap second and no 24:00: neither is a time SFMC stores.
  if (Number(iso[4]) > 23 || Number(iso[5]) > 59 || Number(iso[6] ?? 0) > 59) return false;
  if (iso[8] === undefined) return true;
  const offsetMinutes = Number(iso[9]);
  return offsetMinutes <= 59 && Number(iso[8]) * 60 + offsetMinutes <= MAX_OFFSET_MINUTES;
}

function isEmailAddress(value: string): boolean {
  if (value.length > EMAIL_LIMITS.address) return false;
  // A matching address holds one "@" (no part may hold another): the local part is what precedes it.
  return EMAIL.test(value) && value.indexOf('@') <= EMAIL_LIMITS.local;
}

function isPhoneNumber(value: string): boolean {
  if (!PHONE.test(value)) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += 1;
  }
  return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max;
}

/**
 * The digits of a phone number written with the usual punctuation (`+1 (555) 010-0100` -> `15550100100`),
 * or undefined when it is not written as one. How many digits a use needs is the caller's rule.
 */
export function phoneDigits(value: string): string | undefined {
  return PHONE.test(value) ? value.replace(/[^0-9]/g, '') : undefined;
}

function text(value: AttributeScalar, length: number | undefined): AttributeScalar | Refused {
  if (typeof value === 'boolean') return fail('must be text');
  const s = String(value);
  if (length !== undefined && length > 0 && !fitsLength(s, length)) {
    return fail(`must be at most ${length} characters`);
  }
  return s;
}

/** The 64-bit range of a LongNumber; a number of at most 18 digits is always within it. */
const LONG = { min: -9223372036854775808n, max: 9223372036854775807n, safeDigits: 18 } as const;

/** Checks and normalises one value for an attribute of `dataType` (and `length`). */
export function coerceValue(dataType: SfmcDataType, value: AttributeScalar, length?: number): Coerced {
  const checked = coercedValue(dataType, value, length);
  return checked instanceof Refused ? { ok: false, reason: checked.reason } : { ok: true, value: checked };
}

/**
 * `coerceValue` without its wrapper: the normalised value itself, or why it is refused. For a caller
 * checking every value of every request, which would otherwise allocate a wrapper per value.
 */
export function coercedValue(dataType: SfmcDataType, value: AttributeScalar, length?: number): AttributeScalar | Refused {
  switch (dataType) {
    case 'Boolean': {
      if (typeof value === 'boolean') return value;
      const s = String(value).trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      return fail('must be a boolean');
    }
    case 'Byte':
      return integer(value, 0, 255, 'a whole number');
    case 'Number':
      return integer(value, INT32.min, INT32.max, 'a whole number');
    case 'LongNumber': {
      const s = String(value).trim();
      if (typeof value === 'boolean' || !LONG_NUMBER.test(s)) return fail('must be a whole number');
      // Only a 19-digit number can be beyond 64 bits: only that one is made a BigInt to compare.
      const digits = s.startsWith('-') ? s.length - 1 : s.length;
      if (digits > LONG.safeDigits) {
        const n = BigInt(s);
        if (n > LONG.max || n < LONG.min) return fail('is out of range');
      }
      return s;
    }
    case 'Decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
      return n;
    }
    case 'Date':
      if (typeof value !== 'string' || !isRealDate(value)) {
        return fail('must be a real date (YYYY-MM-DD, ISO 8601 date-time with a real time and offset, or MM/DD/YYYY)');
      }
      return value;
    case 'EmailAddress':
      if (typeof value !== 'string' || !isEmailAddress(value)) {
        return fail('must be an email address');
      }
      return text(value, length);
    case 'Phone':
      if (typeof value === 'boolean' || !isPhoneNumber(String(value))) {
        return fail(`must be a phone number (${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits)`);
      }
      return text(value, length);
    case 'Text':
      return text(value, length);
  }
}
