import { describe, expect, it } from 'vitest';
import { ANONYMOUS_CALLER } from '../../src/auth/caller.js';
import { notSent } from '../../src/translate/update-result.js';
import {
  batchItemsKey,
  callerScope,
  canonicalJson,
  decodeBatchItems,
  decodeRecord,
  documentHash,
  encodeRecord,
  fingerprint,
  parseIdempotencyKey,
  recordKey,
} from '../../src/server/idempotency-record.js';

const user = (subject: string) => ({ kind: 'user', subject, contactKey: subject, admin: false, scopes: [] }) as const;
const DOC = documentHash(
  'mutation UpdateContact($input: UpdateContactInput!) { updateContact(input: $input) { operationStatus } }',
);

describe('Idempotency-Key header', () => {
  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['  form 42  ', 'form 42'],
    ['k'.repeat(255), 'k'.repeat(255)],
  ])('reads %j as %j', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each(['', '""', '   ', 'k'.repeat(256), 'clé', 'tab\there', '"unterminated'])('refuses %j', (header) => {
    expect(parseIdempotencyKey(header)).toBeUndefined();
  });
});

describe('records', () => {
  it('scope keys to the verified subject; without authentication every caller shares one scope', () => {
    expect(callerScope(user('a'))).not.toBe(callerScope(user('b')));
    expect(callerScope(ANONYMOUS_CALLER)).toBe('shared');
    expect(recordKey(callerScope(user('a')), 'k')).not.toBe(recordKey(callerScope(user('b')), 'k'));
    expect(recordKey('shared', 'k')).toBe(recordKey('shared', 'k'));
    // Hashed: neither subject nor key is written to the store.
    expect(recordKey('user:someone@example.com', 'my-key')).not.toMatch(/someone|my-key/);
  });

  it('encode and decode, and read anything else as no record', () => {
    const done = { state: 'done', fingerprint: 'f', outcome: 'OK', result: { data: { a: 1 } } } as const;
    expect(decodeRecord(encodeRecord(done))).toEqual(done);
    expect(decodeRecord(encodeRecord({ state: 'in-flight', fingerprint: 'f' }))).toEqual({
      state: 'in-flight',
      fingerprint: 'f',
    });
    for (const text of ['not json', '{}', '{"state":"done","fingerprint":"f"}', '{"state":"other","fingerprint":"f"}']) {
      expect(decodeRecord(text)).toBeUndefined();
    }
  });
});

describe('fingerprints', () => {
  const variables = { input: { contactKey: 'a', emailDemographics: { firstName: 'Ann', lastName: null }, list: [1, 2] } };

  it('are equal for the same variables written in another order', () => {
    const reordered = { input: { list: [1, 2], emailDemographics: { lastName: null, firstName: 'Ann' }, contactKey: 'a' } };
    expect(fingerprint(DOC, 'UpdateContact', reordered)).toBe(fingerprint(DOC, 'UpdateContact', variables));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(fingerprint(DOC, undefined, undefined)).toBe(fingerprint(DOC, null, {}));
  });

  it('differ for another value, another order in a list, another operation or another document', () => {
    const base = fingerprint(DOC, 'UpdateContact', variables);
    const other = (v: unknown) => fingerprint(DOC, 'UpdateContact', v);
    expect(other({ input: { ...variables.input, contactKey: 'b' } })).not.toBe(base);
    expect(other({ input: { ...variables.input, list: [2, 1] } })).not.toBe(base);
    expect(other({ input: { ...variables.input, list: ['1', 2] } })).not.toBe(base);
    expect(other({ input: { ...variables.input, emailDemographics: { firstName: 'Ann' } } })).not.toBe(base);
    expect(fingerprint(DOC, 'Other', variables)).not.toBe(base);
    expect(fingerprint(documentHash('mutation { x }'), 'UpdateContact', variables)).not.toBe(base);
  });
});

describe("a batch's items (updateContacts)", () => {
  it('are kept beside the record and read back as they were written', () => {
    const items = [notSent('request-1', 'a@example.com', 'UPSTREAM_AUTH_FAILED', 'Not sent.')];
    expect(batchItemsKey('idempotency:x')).toBe('idempotency:x:items');
    expect(decodeBatchItems(JSON.stringify(items))).toEqual(items);
  });

  it.each(['not json', '{}', '[1]', '[{"status":"OK"}]'])('reads %j as no items: every item is sent again', (text) => {
    expect(decodeBatchItems(text)).toBeUndefined();
  });
});
