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

const INT32 = { min: -2147483648, max: 2147483647 };
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/;
const PHONE = /^\+?[0-9().\s-]{3,}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

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

const fail = (reason: string): Coerced => ({ ok: false, reason });
const ok = (value: AttributeScalar): Coerced => ({ ok: true, value });

function integer(value: AttributeScalar, min: number, max: number, label: string): Coerced {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`must be ${label}`);
  if (n < min || n > max) return fail(`must be between ${min} and ${max}`);
  return ok(n);
}

function isRealDate(value: string): boolean {
  const us = US_DATE.exec(value);
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : value;
  if (!us && !ISO_DATE.test(value)) return false;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function text(value: AttributeScalar, length: number | undefined): Coerced {
  if (typeof value === 'boolean') return fail('must be text');
  const s = String(value);
  if (length !== undefined && length > 0 && !fitsLength(s, length)) {
    return fail(`must be at most ${length} characters`);
  }
  return ok(s);
}

/** Checks and normalises one value for an attribute of `dataType` (and `length`). */
export function coerceValue(dataType: SfmcDataType, value: AttributeScalar, length?: number): Coerced {
  switch (dataType) {
    case 'Boolean': {
      if (typeof value === 'boolean') return ok(value);
      const s = String(value).trim().toLowerCase();
      if (s === 'true' || s === '1') return ok(true);
      if (s === 'false' || s === '0') return ok(false);
      return fail('must be a boolean');
    }
    case 'Byte':
      return integer(value, 0, 255, 'a whole number');
    case 'Number':
      return integer(value, INT32.min, INT32.max, 'a whole number');
    case 'LongNumber': {
      const s = String(value).trim();
      if (typeof value === 'boolean' || !/^-?\d{1,19}$/.test(s)) return fail('must be a whole number');
      const n = BigInt(s);
      if (n > 9223372036854775807n || n < -9223372036854775808n) return fail('is out of range');
      return ok(s);
    }
    case 'Decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('must be a number');
      return ok(n);
    }
    case 'Date':
      if (typeof value !== 'string' || !isRealDate(value)) {
        return fail('must be a date (YYYY-MM-DD, ISO 8601 date-time or MM/DD/YYYY)');
      }
      return ok(value);
    case 'EmailAddress':
      if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value)) {
        return fail('must be an email address');
      }
      return text(value, length);
    case 'Phone':
      if (typeof value === 'boolean' || !PHONE.test(String(value))) return fail('must be a phone number');
      return text(value, length);
    case 'Text':
      return text(value, length);
  }
}
