import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/server/json-text.js';
import { parseJsonBody } from '../../src/server/use-strict-json-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const refusal = (body: Uint8Array) => {
  try {
    parseJsonBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).message;
  }
  return undefined;
};

describe('the strict JSON body parser', () => {
  it.each([
    ['{"a":"\\ud800"}', 'lowercase escape'],
    ['{"a":"\\uDFFF"}', 'uppercase escape'],
    ['{"a":"x\\uDbFfy"}', 'mixed case escape'],
    ['{"\\udc00":1}', 'a lone surrogate in a key'],
    ['{"a":["\\\\u0041","\\ud83d"]}', 'after an escaped backslash'],
  ])('refuses %s (%s)', (text) => {
    expect(refusal(bytes(text))).toBe('The request holds a string that is not well-formed Unicode.');
  });

  it.each([
    ['{"a":"\\ud83d\\ude00"}', 'a surrogate pair'],
    ['{"a":"\\\\ud800"}', 'an escaped backslash before ud800: plain text'],
    ['{"a":"\\u00e9\\u0041"}', 'other escapes'],
  ])('accepts %s (%s)', (text) => {
    expect(refusal(bytes(text))).toBeUndefined();
  });

  it('refuses invalid UTF-8, invalid JSON and non-objects', () => {
    expect(refusal(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))).toBe('The request body is not well-formed UTF-8.');
    expect(refusal(bytes('{"a":'))).toBe('POST body sent invalid JSON.');
    expect(refusal(bytes('null'))).toBe('POST body is expected to be an object.');
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH, counting brackets outside strings only', () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
    expect(refusal(bytes(nested(MAX_JSON_DEPTH)))).toBeUndefined();
    expect(refusal(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    expect(refusal(bytes(`{"a":"${'['.repeat(1_000)}\\"${'{'.repeat(1_000)}"}`))).toBeUndefined();
    expect(refusal(bytes(`{"a":${'['.repeat(30_000)}"\\ud83d\\ude00"${']'.repeat(30_000)}}`))).toMatch(/nests deeper/);
  });
});
