import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { searchOperator } from '../../src/sfmc/search-operator.js';
import { contactSearchBody } from '../../src/translate/contact-read.js';
import { call, tokenFor } from '../support/emulator-calls.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Reads that do not lean on what SFMC never documented about `POST /contacts/v1/attributes/search`:
 * they ask for the groups the selection reads only, they fall back from `In` to an `Or` of `Equals`
 * when SFMC refuses `In`, and they read many-rows groups whichever way SFMC flattens them. Over
 * loopback: the real service against the emulator, whose settings play SFMC's other possible answers.
 */

const KEY = 'acruz@example.com';
const OTHER = 'economy-other@example.com';
const SEARCH = '/contacts/v1/attributes/search';

interface SearchBody {
  request: { attributes: { key: string }[] };
  conditionSet: { operator: string; conditions: { operator: string; value: { items: string[] } }[] };
}

describe('contact reads against an attributes search SFMC never documented', () => {
  let stack: Stack;
  const searches = () => stack.emulator.calls.filter((c) => c.method === 'POST' && c.path.startsWith(SEARCH));
  const askedSets = (body: unknown) =>
    new Set((body as SearchBody).request.attributes.map((a) => a.key.slice(0, a.key.indexOf('.'))));
  const query = async (q: string) => {
    const res = await stack.post({ query: q });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    return res.data as Record<string, unknown>;
  };

  beforeAll(async () => {
    stack = await startStack();
    const created = await stack.post({
      query: `mutation { updateContact(input: { contactKey: "${KEY}", emailDemographics: { firstName: "Ana" },
        emailAddresses: [{ emailAddress: "ana.second@example.com", htmlEnabled: true }] }) { operationStatus } }`,
    });
    expect(created.data).toEqual({ updateContact: { operationStatus: 'OK' } });
    stack.emulator.setOptions({ unknownContact: 'create' });
    const other = await stack.post({
      query: `mutation { updateContact(input: { contactKey: "${OTHER}", emailDemographics: { firstName: "Olga" } }) { operationStatus } }`,
    });
    expect(other.data).toEqual({ updateContact: { operationStatus: 'OK' } });
  });
  beforeEach(() => {
    stack.emulator.setOptions({ searchIn: 'accept', manyRows: 'flattened' });
    stack.emulator.calls.length = 0;
  });
  afterAll(async () => {
    searchOperator.forget();
    await stack.close();
  });

  it('asks for the groups the selection reads only: emailDemographics asks for Email Demographics', async () => {
    const data = await query(`{ contact(contactKey: "${KEY}") { contactKey emailDemographics { firstName } } }`);
    expect(data).toEqual({ contact: { contactKey: KEY, emailDemographics: { firstName: 'Ana' } } });
    expect(searches()).toHaveLength(1);
    expect(askedSets(searches()[0]?.body)).toEqual(new Set(['Contact', 'Email Demographics']));
  });

  it('a read of the key alone asks for the contact itself; fragments count, as does every read of the tick', async () => {
    await query(`{ contact(contactKey: "${KEY}") { contactKey } }`);
    expect(askedSets(searches()[0]?.body)).toEqual(new Set(['Contact']));
    stack.emulator.calls.length = 0;

    const data = await query(`
      query { a: contact(contactKey: "${KEY}") { ...Names } b: contact(contactKey: "${OTHER}") { ... on Contact { emailAddresses { emailAddress } } } }
      fragment Names on Contact { emailDemographics { firstName } }`);
    expect(data).toEqual({
      a: { emailDemographics: { firstName: 'Ana' } },
      b: { emailAddresses: [] },
    });
    // One search for both, asking for the union of what each read selects.
    expect(searches()).toHaveLength(1);
    expect(askedSets(searches()[0]?.body)).toEqual(new Set(['Contact', 'Email Demographics', 'Email Addresses']));
  });

  it('a contact read again later in the request with more groups is read again for them', async () => {
    const res = await stack.post({
      query: `mutation { updateContact(input: { contactKey: "${KEY}", emailDemographics: { lastName: "Cruz" } }) {
        contact { emailDemographics { lastName } emailAddresses { emailAddress } } } }`,
    });
    expect(res.data).toMatchObject({ updateContact: { contact: { emailDemographics: { lastName: 'Cruz' } } } });
    const rows = (res.data as { updateContact: { contact: { emailAddresses: unknown[] } } }).updateContact.contact.emailAddresses;
    expect(rows).toHaveLength(2);
  });

  for (const manyRows of ['flattened', 'item-per-row'] as const) {
    it(`reads a many-rows group whichever way SFMC flattens it (${manyRows})`, async () => {
      stack.emulator.setOptions({ manyRows });
      const data = await query(`{ contact(contactKey: "${KEY}") {
        emailAddresses { emailAddress htmlEnabled } emailDemographics { firstName } } }`);
      expect(data).toEqual({
        contact: {
          emailAddresses: [
            { emailAddress: KEY, htmlEnabled: false },
            { emailAddress: 'ana.second@example.com', htmlEnabled: true },
          ],
          emailDemographics: { firstName: 'Ana' },
        },
      });
      expect(searches()).toHaveLength(1);
      // The emulator did answer as set: one item for the contact, or one per row (asked by the test, not the service).
      const answer = await call<{ items: unknown[] }>(stack.emulator, 'POST', `${SEARCH}?$page=1&$pageSize=50`, {
        body: contactSearchBody(standardCatalog, [KEY], new Set(['emailAddresses'])),
        token: await tokenFor(stack.emulator),
      });
      expect(answer.body.items).toHaveLength(manyRows === 'flattened' ? 1 : 2);
    });
  }

  it('falls back from a refused In to an Or of Equals in one call, remembers it, and says so in a metric and the log', async () => {
    const scrape = async () => {
      const res = await request(stack.app.metricsUrl as string);
      return res.body.text();
    };
    expect(await scrape()).toMatch(/^sfmc_search_in_fallback 0$/m);
    stack.emulator.setOptions({ searchIn: 'refuse' });

    const two = `{ a: contact(contactKey: "${KEY}") { emailDemographics { firstName } } b: contact(contactKey: "${OTHER}") { emailDemographics { firstName } } }`;
    expect(await query(two)).toEqual({
      a: { emailDemographics: { firstName: 'Ana' } },
      b: { emailDemographics: { firstName: 'Olga' } },
    });
    const [refused, fallback] = searches().map((c) => c as { status: number; body: SearchBody });
    expect(searches()).toHaveLength(2);
    expect(refused?.status).toBe(400);
    expect(refused?.body.conditionSet.conditions[0]?.operator).toBe('In');
    expect(fallback?.status).toBe(200);
    expect(fallback?.body.conditionSet.operator).toBe('Or');
    expect(fallback?.body.conditionSet.conditions.map((c) => [c.operator, c.value.items])).toEqual([
      ['Equals', [KEY]],
      ['Equals', [OTHER]],
    ]);

    expect(await scrape()).toMatch(/^sfmc_search_in_fallback 1$/m);
    const line = stack.logs.findLast((l) => l.event === 'graphql.request');
    expect(line?.upstream).toEqual([
      expect.objectContaining({
        endpoint: 'searchAttributes',
        status: 400,
        note: expect.stringContaining('refused the search operator In'),
      }),
      expect.objectContaining({ endpoint: 'searchAttributes', status: 200 }),
    ]);

    // Remembered for the process: the next request asks with Or straight away, one call.
    stack.emulator.calls.length = 0;
    expect(await query(two)).toHaveProperty('b.emailDemographics.firstName', 'Olga');
    expect(searches()).toHaveLength(1);
    expect((searches()[0]?.body as SearchBody | undefined)?.conditionSet.operator).toBe('Or');
  });
});
