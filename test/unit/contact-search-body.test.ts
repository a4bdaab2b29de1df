import { describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { contactSearchBody, refusesInOperator } from '../../src/translate/contact-read.js';

/** The attributes search body: only the groups asked for, keys by `In` or by an `Or` of `Equals`. */
describe('contactSearchBody', () => {
  const sets = (body: ReturnType<typeof contactSearchBody>) =>
    new Set(body.request.attributes.map((a) => a.key.slice(0, a.key.indexOf('.'))));

  it('asks for every group without a selection, for the groups given with one', () => {
    expect(sets(contactSearchBody(standardCatalog, ['a']))).toEqual(
      new Set(['Contact', ...standardCatalog.groups.map((g) => g.sfmcName)]),
    );
    expect(sets(contactSearchBody(standardCatalog, ['a'], new Set(['emailDemographics'])))).toEqual(
      new Set(['Contact', 'Email Demographics']),
    );
    expect(contactSearchBody(standardCatalog, ['a'], new Set()).request.attributes).toEqual([
      { key: 'Contact.Contact Key' },
      { key: 'Contact.Contact ID' },
    ]);
  });

  it('selects the keys with In, or with an Or of one Equals per key', () => {
    expect(contactSearchBody(standardCatalog, ['a', 'b']).conditionSet).toEqual({
      operator: 'And',
      conditionSets: [],
      conditions: [{ attribute: { key: 'Contact.Contact Key' }, operator: 'In', value: { items: ['a', 'b'] } }],
    });
    expect(contactSearchBody(standardCatalog, ['a', 'b'], undefined, 'Or').conditionSet).toEqual({
      operator: 'Or',
      conditionSets: [],
      conditions: [
        { attribute: { key: 'Contact.Contact Key' }, operator: 'Equals', value: { items: ['a'] } },
        { attribute: { key: 'Contact.Contact Key' }, operator: 'Equals', value: { items: ['b'] } },
      ],
    });
  });
});

describe('refusesInOperator', () => {
  it('is a FAIL whose messages name In, nothing else', () => {
    expect(refusesInOperator({ operationStatus: 'FAIL', resultMessages: [{ message: "Operator 'In' is not supported" }] })).toBe(
      true,
    );
    expect(refusesInOperator({ operationStatus: 'FAIL', resultMessages: [{ message: 'Invalid attribute' }] })).toBe(false);
    expect(refusesInOperator({ operationStatus: 'OK', resultMessages: [{ message: 'In' }] })).toBe(false);
    expect(refusesInOperator({ items: [] })).toBe(false);
  });
});
