import { describe, expect, it } from 'vitest';
import { operationParams } from '../../src/server/prepared-operations.js';

/** Which bodies a prepared operation may take: only those none of Yoga's `onParams` hooks would refuse or change. */
describe('operationParams', () => {
  const query = '{ __typename }';

  it.each<[string, unknown]>([
    ['a query', { query }],
    ['a query, its operation name, variables and extensions', { query, operationName: 'Q', variables: { a: 1 }, extensions: {} }],
    ['null where a parameter may be absent', { query, operationName: null, variables: null, extensions: null }],
  ])('takes %s', (_name, body) => {
    expect(operationParams(body, undefined)).toMatchObject({ query });
  });

  it.each<[string, unknown]>([
    ['no object', 'query'],
    ['an array (a batch)', [{ query }]],
    ['no query', { variables: {} }],
    ['a query that is not a string', { query: 1 }],
    ['an unknown parameter', { query, extra: 1 }],
    ['variables that are not an object', { query, variables: [] }],
    ['an operation name that is not a string', { query, operationName: 1 }],
    ['extensions that are not an object', { query, extensions: 'x' }],
    ['a document id without trusted documents', { documentId: 'abc' }],
  ])('leaves to Yoga a body with %s', (_name, body) => {
    expect(operationParams(body, undefined)).toBeUndefined();
  });

  describe('with trusted documents', () => {
    const trusted = new Map([['abc', query]]);

    it('resolves a documentId, or an APQ-style hash, to the document', () => {
      expect(operationParams({ documentId: 'sha256:abc', variables: { a: 1 } }, trusted)).toEqual({
        query,
        operationName: undefined,
        variables: { a: 1 },
        extensions: undefined,
      });
      const extensions = { persistedQuery: { version: 1, sha256Hash: 'abc' } };
      expect(operationParams({ extensions }, trusted)).toMatchObject({ query, extensions });
    });

    it.each<[string, unknown]>([
      ['a query, even the text of a trusted document', { query }],
      ['a query beside the documentId', { query, documentId: 'abc' }],
      ['an unknown id', { documentId: 'def' }],
      ['no id', { variables: {} }],
    ])('leaves to Yoga (which refuses it) %s', (_name, body) => {
      expect(operationParams(body, trusted)).toBeUndefined();
    });
  });
});
