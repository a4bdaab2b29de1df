import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unsafeInteger } from '../../src/server/json-text.js';
import { parseJsonBody } from '../../src/server/use-strict-json-body.js';

describe('whole numbers JSON.parse would change (issue 15, item 16)', () => {
  it.each([
    ['{"contactId":9007199254740993}', '9007199254740993'],
    ['{"contactId":9007199254740992}', '9007199254740992'],
    ['{"a":[1,2,-9007199254740993]}', '-9007199254740993'],
    ['{"a":"9007199254740993","b":12345678901234567890}', '12345678901234567890'],
    ['{"a" : 1e2, "b": 99999999999999999999 }', '99999999999999999999'],
    // A string ending in an escaped backslash ends at the quote after it.
    ['{"a":"x\\\\","b":12345678901234567}', '12345678901234567'],
  ])('finds the literal in %s', (text, literal) => {
    expect(unsafeInteger(text)).toBe(literal);
  });

  it.each([
    '{"contactId":"9007199254740993"}',
    '{"contactId":9007199254740991,"b":-9007199254740991}',
    '{"a":1234567890123456.5,"b":12345678901234567e3,"c":1.2345678901234567E+30}',
    '{"a":"\\"12345678901234567890"}',
    '{"a":"\\\\\\"12345678901234567890"}',
    '{"a":"unterminated 12345678901234567890',
    '{"query":"{ contact(contactId: 99999999999999999999) { contactKey } }"}',
  ])('lets %s through: digits in strings, safe numbers, decimals', (text) => {
    expect(unsafeInteger(text)).toBeUndefined();
  });

  it('is a 400 from the strict body parser, before anything else looks at the body', () => {
    let refused: unknown;
    try {
      parseJsonBody(new TextEncoder().encode(`{"variables":{"input":{"contactId":${'9'.repeat(400)}}}}`));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions.code).toBe('BAD_REQUEST');
    expect((refused as GraphQLError).message).toMatch(
      /^The request holds the number 9{24}…, beyond 2\^53 - 1: .* as a string\.$/,
    );
  });
});
